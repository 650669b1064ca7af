"""Rendering: a streamed timeline is exactly the timeline rendered whole."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cabletrail.cli.output import dumps, render_timeline, timeline_text
from cabletrail.model import PartialDate
from cabletrail.query.record import TimelineItem


def item(n: int, date: str | None) -> TimelineItem:
    return TimelineItem(
        PartialDate(date) if date else None,
        "event" if date else "document",
        "DIRECTIVE",
        "instructed",
        f"Minister {n}",
        "the mission",
        None,
        "Human Rights Council" if n % 2 else None,
        'to walk "out" | now',
        "reported" if n % 2 else "asserted",
        bool(n % 3 == 0),
        f"{n:064x}",
        f"Cable {n}",
        "2016-03-14",
        f"Line one of {n},\nand a tab\there.",
        (n, n + 10),
    )


ITEMS = [item(1, "2016-03"), item(2, None), item(3, "2017")]


@pytest.mark.parametrize("items", [ITEMS, ITEMS[:1], []], ids=["three", "one", "none"])
def test_streamed_json_is_the_whole_document_dumped(items: list[TimelineItem]) -> None:
    expected = dumps({"events": [i.as_dict() for i in items], "total": len(items)})
    assert render_timeline(iter(items), "json") == expected


def test_table_and_markdown_come_out_an_event_at_a_time() -> None:
    read: list[int] = []

    def lazily() -> Iterator[TimelineItem]:
        for n, i in enumerate(ITEMS):
            read.append(n)
            yield i

    for fmt in ("table", "md", "json"):
        read.clear()
        pieces = timeline_text(lazily(), fmt)
        first = next(pieces)
        if fmt != "table":  # a heading before any event is read
            assert read == [] and ("date" in first or first.startswith("{"))
            first = next(pieces)
        assert read == [0] and ("Minister 1" in first)
        assert "Minister 3" in "".join(pieces) and read == [0, 1, 2]
    table = render_timeline(ITEMS, "table")
    assert table.endswith("3 event(s); * dated by the document, not the passage")
    assert "2017      " in table and "????      *" in table
