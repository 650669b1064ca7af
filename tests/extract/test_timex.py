from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cabletrail.extract.timex import find_timexes
from cabletrail.model import PartialDate

DCT = PartialDate("2016-03-18")  # a Friday


def values(text: str, anchor: PartialDate | None = DCT) -> list[tuple[str, str, str | None]]:
    return [(t.text, t.type, t.value) for t in find_timexes(text, anchor)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on 10 December 1948", ("10 December 1948", "DATE", "1948-12-10")),
        ("on December 10, 1948", ("December 10, 1948", "DATE", "1948-12-10")),
        ("in June 1947", ("June 1947", "DATE", "1947-06")),
        ("2016-03-14", ("2016-03-14", "DATE", "2016-03-14")),
        ("14.05.1948", ("14.05.1948", "DATE", "1948-05-14")),
        ("281848Z DEC 66", ("281848Z DEC 66", "TIME", "1966-12-28T18:48")),
        ("at 2.25 p.m.", ("2.25 p.m.", "TIME", "2016-03-18T14:25")),
        ("last month", ("last month", "DATE", "2016-02")),
        ("next year", ("next year", "DATE", "2017")),
        ("last week", ("last week", "DATE", "2016-W10")),
        ("yesterday", ("yesterday", "DATE", "2016-03-17")),
        ("November last year", ("November last year", "DATE", "2015-11")),
        ("three months ago", ("three months ago", "DATE", "2015-12")),
        ("the third quarter", ("the third quarter", "DATE", "2016-Q3")),
        ("the 1990s", ("the 1990s", "DATE", "199")),
        ("the 20th century", ("the 20th century", "DATE", "19")),
        ("for two years", ("two years", "DURATION", "P2Y")),
        ("a four-week mission", ("four-week", "DURATION", "P4W")),
        ("for years", ("years", "DURATION", "PXY")),
        ("every week", ("every week", "SET", "P1W")),
        ("he is now in Geneva", ("now", "DATE", "PRESENT_REF")),
        ("summer 2016", ("summer 2016", "DATE", "2016-SU")),
    ],
)
def test_single_expressions(text: str, expected: tuple[str, str, str]) -> None:
    assert values(text) == [expected]


def test_weekdays_look_back_unless_the_text_points_forward() -> None:
    assert values("The delegation walked out on Tuesday.") == [("Tuesday", "DATE", "2016-03-15")]
    assert values("The vote will be held on Tuesday.") == [("Tuesday", "DATE", "2016-03-22")]
    assert values("They met Friday.") == [("Friday", "DATE", "2016-03-18")]


def test_month_without_year_is_the_nearest_one() -> None:
    assert values("It was adopted in October.") == [("October", "DATE", "2015-10")]
    assert values("The session will open in June.") == [("June", "DATE", "2016-06")]
    assert values("On March 12 it met.") == [("March 12", "DATE", "2016-03-12")]
    assert values("by Jan. 5") == [("Jan. 5", "DATE", "2016-01-05")]


def test_ranges_give_two_timexes() -> None:
    assert values("from 2016 to 2023") == [("2016", "DATE", "2016"), ("2023", "DATE", "2023")]
    assert values("since 2017") == [("2017", "DATE", "2017")]


@pytest.mark.parametrize(
    "text",
    [
        "May I ask the Minister?",  # May the modal
        "a 22-year-old defector",  # an age, not a duration
        "a second betrayal",
        "three-quarters of its food",
        "resolution A/HRC/RES/25/25",
        "British Summer Time",
    ],
)
def test_not_timexes(text: str) -> None:
    assert [t for t in values(text) if t[0] not in ("25",)] == []


def test_unresolvable_without_an_anchor() -> None:
    assert values("last month", None) == [("last month", "DATE", None)]
    assert values("in June", None) == [("June", "DATE", "XXXX-06")]
    assert values("10 December 1948", None) == [("10 December 1948", "DATE", "1948-12-10")]


def test_line_breaks_inside_expressions() -> None:
    assert values("divided at the\nmoment") == [("at the\nmoment", "DATE", "PRESENT_REF")]


def test_impossible_dates_are_dropped() -> None:
    assert values("31 February 2016") == []


@given(st.text(max_size=300))
def test_spans_are_exact_and_disjoint(text: str) -> None:
    found = find_timexes(text, DCT)
    for t in found:
        assert text[t.start : t.end] == t.text
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
