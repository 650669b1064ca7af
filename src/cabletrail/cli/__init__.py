"""The thin command line: each command parses options, calls one library function and turns
its errors into a one-line message."""
