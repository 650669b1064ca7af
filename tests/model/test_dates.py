from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cabletrail.model import PartialDate, parse_date, search_date


@pytest.mark.parametrize(
    ("value", "precision", "start", "end"),
    [
        ("2016", "year", "2016-01-01", "2016-12-31"),
        ("2016-02", "month", "2016-02-01", "2016-02-29"),
        ("2015-02", "month", "2015-02-01", "2015-02-28"),
        ("2016-03-14", "day", "2016-03-14", "2016-03-14"),
    ],
)
def test_partial_date_covers_its_interval(value: str, precision: str, start: str, end: str) -> None:
    d = PartialDate(value)
    assert (d.precision, d.start, d.end) == (precision, start, end)


@pytest.mark.parametrize("bad", ["16", "2016-13", "2016-02-30", "2016/03/01", "March 2016"])
def test_partial_date_rejects_non_iso(bad: str) -> None:
    with pytest.raises(ValueError, match=r"2016|month|day|range|ISO"):
        PartialDate(bad)


def test_year_sorts_before_its_months_without_inventing_a_day() -> None:
    assert sorted([PartialDate("2016-03"), PartialDate("2016"), PartialDate("2015-12-31")]) == [
        PartialDate("2015-12-31"),
        PartialDate("2016"),
        PartialDate("2016-03"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1947-09-18", "1947-09-18"),
        ("1966-12-28 18:06", "1966-12-28"),
        ("2014-07-02T10:00:00Z", "2014-07-02"),
        ("2 July 2014", "2014-07-02"),
        ("Distr.: General 2 July 2014", "2014-07-02"),
        ("May 14, 1948", "1948-05-14"),
        ("June 1947", "1947-06"),
        ("14.05.1948", "1948-05-14"),
        ("Tue, 3 Mar 2020 10:00:00 +0000", "2020-03-03"),
        ("D:20140702093000+02'00'", "2014-07-02"),
        ("2016", "2016"),
        ("2016-03", "2016-03"),
    ],
)
def test_parse_date_reads_common_forms(text: str, expected: str) -> None:
    assert parse_date(text) == PartialDate(expected)


@pytest.mark.parametrize("text", ["", "soon", "31 February 2016", "the 2010s", None, 3.5])
def test_parse_date_returns_none_for_non_dates(text: object) -> None:
    assert parse_date(text) is None


def test_parse_date_takes_date_objects() -> None:
    assert parse_date(date(1948, 5, 14)) == PartialDate("1948-05-14")


def test_search_date_gives_the_span() -> None:
    line = "Cablegram 231, CANBERRA, 14 May 1948, 2.25 p.m."
    found = search_date(line)
    assert found is not None
    d, start, end = found
    assert (d.value, line[start:end]) == ("1948-05-14", "14 May 1948")


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_iso_round_trip(d: date) -> None:
    parsed = parse_date(d.isoformat())
    assert parsed is not None
    assert parsed.value == d.isoformat()
    assert parsed.start == parsed.end == d.isoformat()


@given(st.integers(1000, 9999), st.integers(1, 12))
def test_month_interval_is_whole_month(year: int, month: int) -> None:
    d = PartialDate.of(year, month)
    assert d.start <= d.end
    assert d.start[:7] == d.end[:7] == d.value
