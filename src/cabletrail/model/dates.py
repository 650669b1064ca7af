"""Dates with precision, kept as ISO prefixes: ``2016``, ``2016-03``, ``2016-03-14``.

A date known only to the month is never turned into the first of that month: comparisons use
the interval ``[start, end]`` it covers, so ``2016`` sorts as a year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_tz
from functools import lru_cache

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
}
MONTHS["sept"] = 9

_MONTH_RE = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_MONTH_YEAR = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(?P<year>\d{4})\b", re.I
)
_MONTH_DAY_YEAR = re.compile(
    r"\b" + _MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I
)
_MONTH_YEAR = re.compile(r"\b" + _MONTH_RE + r",?\s+(?P<year>\d{4})\b", re.I)
_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?\S*)?\s*$")
_DMY_NUMERIC = re.compile(r"^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$")
_YEAR_ONLY = re.compile(r"^\s*(\d{4})\s*$")
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?")


@dataclass(frozen=True, order=True)
class PartialDate:
    """An ISO date prefix: year, year-month or year-month-day."""

    value: str

    def __post_init__(self) -> None:
        m = _ISO.match(self.value)
        if not m:
            raise ValueError(
                f"not an ISO date prefix: {self.value!r} (want YYYY, YYYY-MM or YYYY-MM-DD)"
            )
        year, month, day = m.groups()
        if month is not None and not 1 <= int(month) <= 12:
            raise ValueError(f"month out of range in {self.value!r}")
        if day is not None:
            date(int(year), int(month), int(day))  # raises ValueError on 2016-02-30

    @classmethod
    def of(cls, year: int, month: int | None = None, day: int | None = None) -> PartialDate:
        if month is None:
            return cls(f"{year:04d}")
        if day is None:
            return cls(f"{year:04d}-{month:02d}")
        return cls(f"{year:04d}-{month:02d}-{day:02d}")

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month", 10: "day"}[len(self.value)]

    @property
    def start(self) -> str:
        """First day covered, as ``YYYY-MM-DD``."""
        if len(self.value) == 4:
            return self.value + "-01-01"
        if len(self.value) == 7:
            return self.value + "-01"
        return self.value

    @property
    def end(self) -> str:
        """Last day covered, as ``YYYY-MM-DD``."""
        if len(self.value) == 4:
            return self.value + "-12-31"
        if len(self.value) == 7:
            y, m = int(self.value[:4]), int(self.value[5:7])
            return f"{self.value}-{calendar.monthrange(y, m)[1]:02d}"
        return self.value

    def __str__(self) -> str:
        return self.value


def _safe(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    if not 1 <= year <= 9999:
        return None
    try:
        return PartialDate.of(year, month, day)
    except ValueError:
        return None


def parse_date(value: object) -> PartialDate | None:
    """Read a date from metadata in any common form; ``None`` when there is none.

    Accepts ``date``/``datetime`` objects, ISO dates and date-times, ``2 July 2014``,
    ``May 14, 1948``, ``June 1947``, ``14.05.1948``, RFC 2822 e-mail dates, PDF dates
    (``D:20140702…``) and bare years.
    """
    if isinstance(value, datetime):
        return _safe(value.year, value.month, value.day)
    if isinstance(value, date):
        return _safe(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        return _safe(value) if 1000 <= value <= 9999 else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if m := _ISO_PREFIX.match(text):
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    if m := _ISO.match(text):
        return _safe(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
    if m := _PDF_DATE.match(text):
        return _safe(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
    if m := _DMY_NUMERIC.match(text):
        return _safe(int(m[3]), int(m[2]), int(m[1]))
    if m := _YEAR_ONLY.match(text):
        return _safe(int(m[1]))
    return find_date(text) or _rfc2822(text)


def search_date(text: str) -> tuple[PartialDate, int, int] | None:
    """The first written-out date in text with its span: ``14 May 1948``, ``May 14, 1948``,
    ``May 1948``; a full date wins over a month anywhere in the text."""
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        if m := pattern.search(text):
            d = _safe(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
            # "31 February 2016" is no date at all, not February 2016.
            return (d, m.start(), m.end()) if d else None
    if (m := _MONTH_YEAR.search(text)) and (d := _safe(int(m["year"]), MONTHS[m["month"].lower()])):
        return d, m.start(), m.end()
    return None


def find_date(text: str) -> PartialDate | None:
    """The first written-out date in text (see :func:`search_date`)."""
    found = search_date(text)
    return found[0] if found else None


def _rfc2822(text: str) -> PartialDate | None:
    parsed = parsedate_tz(text)
    if parsed is None:
        return None
    return _safe(parsed[0], parsed[1], parsed[2])


_LEADING_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")


@lru_cache(maxsize=65536)
def leading_date(value: str) -> PartialDate | None:
    """The date a TIMEX3 value or stored date starts with (``1948-05-07T10:00`` → 1948-05-07,
    ``1948-W19`` → 1948); ``None`` when it starts with none or an impossible one."""
    if not (m := _LEADING_DATE.match(value)):
        return None
    try:
        return PartialDate(m[0])
    except ValueError:
        return None
