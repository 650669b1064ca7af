"""Presenting the record to the outside: publication copies (redaction) now; exports and
briefs build on it."""
