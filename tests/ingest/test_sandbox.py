from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from cabletrail.errors import InputError
from cabletrail.ingest.formats.base import ParseContext
from cabletrail.ingest.sandbox import Sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    box = Sandbox(timeout=30, memory_mb=1024)
    yield box
    box.close()


def test_parses_in_the_child(sandbox: Sandbox) -> None:
    result = sandbox.parse("text", b"Cable text.", ParseContext("a.txt"))
    assert result.documents[0].text == "Cable text."
    assert sandbox._process is not None and sandbox._process.pid != os.getpid()


def test_parser_errors_come_back_as_input_errors(sandbox: Sandbox) -> None:
    with pytest.raises(InputError) as err:
        sandbox.parse("json", b"{broken", ParseContext("a.json"))
    assert err.value.reason == "bad-json"
    # and the child keeps serving
    assert sandbox.parse("text", b"next", ParseContext("b.txt")).documents[0].text == "next"


def test_a_parser_past_its_time_is_killed_and_replaced() -> None:
    box = Sandbox(timeout=30, memory_mb=1024)
    try:
        box.parse("text", b"warm up", ParseContext("w.txt"))  # the child is up
        box.timeout = 0.05
        big = ("word " * 4_000_000).encode("cp1252") + b"\xe9"  # not UTF-8: detection is slow
        with pytest.raises(InputError) as err:
            box.parse("text", big, ParseContext("slow.txt"))
        assert err.value.reason == "timeout"
        box.timeout = 30
        assert box.parse("text", b"after", ParseContext("c.txt")).documents[0].text == "after"
    finally:
        box.close()


def test_a_dead_child_is_a_crash_and_the_next_file_gets_a_new_one(sandbox: Sandbox) -> None:
    sandbox.parse("text", b"x", ParseContext("a.txt"))
    os.kill(sandbox._process.pid, signal.SIGKILL)
    sandbox._process.join(5)
    with pytest.raises(InputError) as err:
        sandbox.parse("text", b"y", ParseContext("b.txt"))
    assert err.value.reason == "crashed"
    assert sandbox.parse("text", b"z", ParseContext("c.txt")).documents[0].text == "z"


def test_memory_limit_gives_out_of_memory() -> None:
    box = Sandbox(timeout=60, memory_mb=400)
    try:
        box.parse("text", b"warm up", ParseContext("w.txt"))
        with pytest.raises(InputError) as err:
            box.parse("text", b"a" * (300 * 1024 * 1024), ParseContext("huge.txt"))
        assert err.value.reason in ("out-of-memory", "crashed")
    finally:
        box.close()
