"""Format parsers run in a child process with a wall-clock and a memory limit.

A parser that hangs, crashes or exhausts memory on a hostile file takes down only the child:
the file fails with ``timeout``, ``crashed`` or ``out-of-memory`` and the batch goes on with
a fresh child. The child is started lazily and reused across files.
"""

from __future__ import annotations

import multiprocessing
import resource
from multiprocessing.connection import Connection
from typing import Any

from cabletrail.errors import InputError
from cabletrail.ingest.formats.base import ParseContext, ParseResult

_CONTEXT = multiprocessing.get_context("spawn")


def _serve(conn: Connection, memory_mb: int) -> None:  # pragma: no cover - runs in the child
    """The child's loop: parse what comes in, send back the result or the failure."""
    from cabletrail.ingest.dispatch import BY_NAME

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            fmt_name, data, ctx = conn.recv()
        except EOFError:
            return
        try:
            parse = BY_NAME[fmt_name].parse
            assert parse is not None
            conn.send(("ok", parse(data, ctx)))
        except InputError as exc:
            conn.send(("input-error", exc.reason, exc.detail))
        except MemoryError:
            conn.send(("input-error", "out-of-memory", f"parser exceeded {memory_mb} MB"))
        except RecursionError:
            conn.send(("input-error", "parser-error", "nesting too deep"))
        except Exception as exc:  # a parser bug on hostile input: report it, keep serving
            conn.send(("input-error", "parser-error", f"{type(exc).__name__}: {exc}"[:200]))


class Sandbox:
    """One child process that runs parsers under limits; restarted after a failure."""

    def __init__(self, timeout: float, memory_mb: int) -> None:
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._process: Any = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        if self._conn is None:
            parent, child = _CONTEXT.Pipe()
            self._process = _CONTEXT.Process(
                target=_serve, args=(child, self.memory_mb), daemon=True
            )
            self._process.start()
            child.close()
            self._conn = parent
        return self._conn

    def _kill(self) -> int | None:
        process, self._process = self._process, None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if process is None:
            return None
        if process.is_alive():
            process.kill()
        process.join(5)
        return int(process.exitcode) if process.exitcode is not None else None

    def parse(self, fmt_name: str, data: bytes, ctx: ParseContext) -> ParseResult:
        conn = self._start()
        try:
            conn.send((fmt_name, data, ctx))
            ready = conn.poll(self.timeout)
            reply = conn.recv() if ready else None
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
            code = self._kill()
            raise InputError("crashed", f"the parser process died (exit {code})") from None
        if reply is None:
            self._kill()
            raise InputError("timeout", f"parsing ran past {self.timeout:g} s")
        if reply[0] == "ok":
            result: ParseResult = reply[1]
            return result
        _, reason, detail = reply
        if reason == "out-of-memory":
            self._kill()  # a child that hit its limit is not trusted with the next file
        raise InputError(reason, detail)

    def close(self) -> None:
        self._kill()
