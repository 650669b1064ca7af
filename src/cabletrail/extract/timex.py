"""TIMEX3 recognition and normalisation: dates, times, durations and sets in text, with
values resolved against the document date.

Rule-based and independent of the statistical pipeline, so it is fast and deterministic.
Vocabulary lives in ``lexicons/timex.v1.yaml``. Each pattern in :data:`RULES` pairs a regular
expression with a function that reads the match into ``(type, value)``; overlapping matches
are resolved by keeping the longest (then the earliest).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

from cabletrail.model import PartialDate
from cabletrail.model.dates import MONTHS

VERSION = "cabletrail.timex.v1"


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None


@dataclass(frozen=True)
class Anchor:
    """The document date that relative expressions are resolved against."""

    day: date | None
    precision: str  # day | month | year | none

    @classmethod
    def of(cls, value: PartialDate | None) -> Anchor:
        if value is None:
            return cls(None, "none")
        y, m, d = (int(x) for x in (value.start.split("-")))
        return cls(date(y, m, d), value.precision)


@cache
def lexicon() -> dict[str, Any]:
    text = (
        resources.files("cabletrail.extract").joinpath("lexicons/timex.v1.yaml").read_text("utf-8")
    )
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _alt(words: list[str]) -> str:
    """An alternation, longest first, whose spaces match any whitespace (line breaks too)."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


# --- value helpers --------------------------------------------------------------------------
def _iso(d: date) -> str:
    return d.isoformat()


def _month_value(year: int | None, month: int) -> str:
    return f"{year:04d}-{month:02d}" if year else f"XXXX-{month:02d}"


def _shift_months(d: date, months: int) -> tuple[int, int]:
    total = d.year * 12 + d.month - 1 + months
    return total // 12, total % 12 + 1


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _number(word: str) -> int | str | None:
    word = word.lower().replace(",", "")
    if word.isdigit():
        return int(word)
    value = lexicon()["number_words"].get(word)
    if value == "X":
        return "X"
    return int(value) if value is not None else None


def _unit(word: str) -> tuple[str, bool]:
    word = word.lower().rstrip("s")
    if word.endswith("centurie"):
        word = "century"
    letter, is_time = lexicon()["units"][word]
    return str(letter), bool(is_time)


def _duration(amount: int | str | None, unit_word: str) -> str:
    letter, is_time = _unit(unit_word)
    count = "X" if amount in (None, "X") else str(amount)
    if letter[:-1].isdigit() and count != "X":  # decade → 10Y, fortnight → 2W
        count, letter = str(int(letter[:-1]) * int(count)), letter[-1]
    elif letter[:-1].isdigit():
        letter = letter[-1]
    if letter == "WE":
        return f"P{count}WE"
    return f"PT{count}{letter}" if is_time else f"P{count}{letter}"


def _relative(anchor: Anchor, unit_word: str, offset: int) -> str | None:
    """This/last/next day, week, month, quarter, year, decade, century."""
    d = anchor.day
    unit = unit_word.lower().rstrip("s")
    if d is None:
        return None
    if unit == "day":
        return _iso(d + timedelta(days=offset))
    if unit in ("week", "weekend"):
        value = _week(d + timedelta(weeks=offset))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month":
        y, m = _shift_months(d, offset)
        return f"{y:04d}-{m:02d}"
    if unit == "quarter":
        q = (d.month - 1) // 3 + offset
        y = d.year + q // 4
        return f"{y:04d}-Q{q % 4 + 1}"
    if unit == "year":
        return f"{d.year + offset:04d}"
    if unit == "decade":
        return f"{(d.year // 10 + offset):03d}"
    if unit in ("century", "centurie"):
        return f"{(d.year // 100 + offset):02d}"
    return None


def _ago(anchor: Anchor, amount: int | str | None, unit_word: str, sign: int) -> str | None:
    d = anchor.day
    if d is None or not isinstance(amount, int):
        return None
    unit = unit_word.lower().rstrip("s")
    n = amount * sign
    if unit == "day":
        return _iso(d + timedelta(days=n))
    if unit == "week":
        return _week(d + timedelta(weeks=n))
    if unit == "month":
        y, m = _shift_months(d, n)
        return f"{y:04d}-{m:02d}"
    if unit == "year":
        return f"{d.year + n:04d}"
    if unit == "decade":
        return f"{d.year + 10 * n:04d}"
    return None


def _weekday(anchor: Anchor, name: str, future: bool) -> str:
    d = anchor.day
    target = lexicon()["weekdays"].index(name.lower())
    if d is None or anchor.precision != "day":
        return "XXXX-WXX-" + str(target + 1)
    delta = target - d.weekday()
    if future:
        delta = delta if delta >= 0 else delta + 7
    elif delta > 0:
        delta -= 7
    return _iso(d + timedelta(days=delta))


def _year_for_month(anchor: Anchor, month: int, future: bool | None) -> int | None:
    """Year of a month named without one. ``future`` True: the next such month (this one
    included); False: the last one (this one included); None: the anchor's year."""
    d = anchor.day
    if d is None or anchor.precision == "none":
        return None
    if future is None:
        return d.year
    if future:
        return d.year + 1 if month < d.month else d.year
    return d.year - 1 if month > d.month else d.year


def _month(m: re.Match[str]) -> int:
    return MONTHS[m["month"].lower().rstrip(".")]


def _two_digit_year(y: str) -> int:
    n = int(y)
    return n + (2000 if n < 50 else 1900) if len(y) == 2 else n


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


# --- rules ----------------------------------------------------------------------------------
Reader = Callable[[re.Match[str], Anchor, str], tuple[str, str | None] | None]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    read: Reader


def _future_context(text: str, start: int) -> bool:
    """Whether the few words before ``start`` point forward (will, next, planned…)."""
    sentence_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start), start - 60)
    before = text[sentence_start + 1 : start].lower().split()
    cues = set(lexicon()["future_cues"])
    return any(w.strip(",.") in cues for w in before[-6:])


def _nearest_year(anchor: Anchor, month: int, day: int, future: bool) -> int | None:
    """Year of "March 12": the occurrence nearest the anchor (the next one after a future
    cue); a tie goes to the past."""
    d = anchor.day
    if d is None or anchor.precision == "none":
        return None
    best: tuple[int, int] | None = None
    for year in (d.year - 1, d.year, d.year + 1):
        if not _valid(year, month, day):
            continue
        gap = (date(year, month, day) - d).days
        if future and gap < 0:
            continue
        score = abs(gap) * 2 + (1 if gap > 0 else 0)
        if best is None or score < best[0]:
            best = (score, year)
    return best[1] if best else None


@cache
def rules() -> tuple[Rule, ...]:
    lx = lexicon()
    full_months = [calendar.month_name[i] for i in range(1, 13)]
    abbreviations = [m.capitalize() for m in MONTHS if m.capitalize() not in full_months]
    month = (
        r"(?P<month>"
        + _alt(full_months)
        + "|"
        + r"(?:"
        + _alt(abbreviations)
        + r")(?:\.|(?![a-z])))"
    )
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>1[0-9]\d\d|20\d\d)"
    num = r"(?P<num>\d+(?:,\d{3})*|" + _alt(list(lx["number_words"])) + r")"
    units = list(lx["units"]) + [u + "s" for u in lx["units"]] + ["centuries"]
    unit = r"(?P<unit>" + _alt(units) + r")"
    weekday = r"(?P<weekday>" + _alt([w.capitalize() for w in lx["weekdays"]]) + r")"
    part = r"(?P<part>" + _alt(list(lx["parts_of_day"])) + r")"
    season = r"(?P<season>" + _alt(list(lx["seasons"])) + r")"  # lower case: not "Summer Time"
    ordinal = r"(?P<ordinal>" + _alt(list(lx["ordinals"])) + r")"
    refs = r"(?P<ref>" + _alt(list(lx["references"])) + r")"
    clock = (
        r"(?P<hour>[01]?\d|2[0-3])(?:[.:](?P<minute>[0-5]\d))?\s?"
        r"(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?|hrs|hours\b|GMT|UTC|EST|EDT)"
    )
    dtg_months = _alt([m.upper() for m in MONTHS if len(m) == 3])
    modifier = (
        r"(?P<mod>(?:the\s+)?(?:early|late|mid|end of|beginning of|start of|middle of)"
        r"[\s-]+)?"
    )

    def r(name: str, pattern: str, read: Reader, flags: int = 0) -> Rule:
        return Rule(name, re.compile(r"(?<![\w-])" + pattern + r"(?![\w])", flags), read)

    def full_date(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None] | None:
        y, mo, d = int(m["year"]), _month(m), int(m["day"])
        return ("DATE", f"{y:04d}-{mo:02d}-{d:02d}") if _valid(y, mo, d) else None

    def month_day(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None] | None:
        mo, d = _month(m), int(m["day"])
        y = _nearest_year(a, mo, d, _future_context(t, m.start()))
        if y is None:
            return "DATE", f"XXXX-{mo:02d}-{d:02d}"
        return ("DATE", f"{y:04d}-{mo:02d}-{d:02d}") if _valid(y, mo, d) else None

    def month_year(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None]:
        return "DATE", _month_value(int(m["year"]), _month(m))

    def bare_month(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None] | None:
        mo = _month(m)
        if m["month"].lower() == "may" and not (m["pre"] or m["mod"] or m["rel"]):
            return None  # "May" the modal verb or the name
        rel = (m["rel"] or "").lower()
        if rel == "this":
            y = _year_for_month(a, mo, None)
        elif rel in ("last", "next"):
            # "last May" is the May before this month, "next May" the one after it.
            y = _year_for_month(a, mo, rel == "next")
            if a.day is not None and mo == a.day.month and y is not None:
                y += 1 if rel == "next" else -1
        else:
            y = _year_for_month(a, mo, _future_context(t, m.start()))
        return "DATE", _month_value(y, mo)

    def month_rel_year(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None]:
        mo = _month(m)
        base = a.day.year if a.day else None
        off = {"last": -1, "next": 1, "this": 0}[m["rel"].lower()]
        return "DATE", _month_value(base + off if base else None, mo)

    def iso_date(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None] | None:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        return ("DATE", f"{y:04d}-{mo:02d}-{d:02d}") if _valid(y, mo, d) else None

    def numeric_date(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None] | None:
        first, second, y = int(m["a"]), int(m["b"]), _two_digit_year(m["y"])
        # Day first unless that is impossible (diplomatic and UN usage is day-month-year).
        d, mo = (first, second) if second <= 12 else (second, first)
        return ("DATE", f"{y:04d}-{mo:02d}-{d:02d}") if _valid(y, mo, d) else None

    def dtg(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None] | None:
        y, mo, d = _two_digit_year(m["y"]), MONTHS[m["mon"].lower()], int(m["d"])
        if not _valid(y, mo, d):
            return None
        return "TIME", f"{y:04d}-{mo:02d}-{d:02d}T{m['h']}:{m['mi']}"

    def decade(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None]:
        return "DATE", m["dec"][:3]

    def century(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None]:
        return "DATE", f"{int(m['c']) - 1:02d}"

    def year_only(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None]:
        return "DATE", m["year"]

    def fiscal_or_season(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None]:
        if m["season2"]:
            return "DATE", f"{m['year2']}-{lx['seasons'][m['season2'].lower()]}"
        s = lx["seasons"][m["season"].lower()]
        if m["year"]:
            return "DATE", f"{m['year']}-{s}"
        y = a.day.year if a.day else None
        if m["rel"]:
            off = {"last": -1, "next": 1, "this": 0}[m["rel"].lower()]
            y = y + off if y else None
        return "DATE", f"{y:04d}-{s}" if y else f"XXXX-{s}"

    def quarter(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None]:
        q = lx["ordinals"][m["ordinal"].lower()]
        y = int(m["year"]) if m["year"] else (a.day.year if a.day else None)
        return "DATE", f"{y:04d}-Q{q}" if y else f"XXXX-Q{q}"

    def this_unit(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None] | None:
        rel = m["rel"].lower()
        off = {
            "this": 0,
            "current": 0,
            "last": -1,
            "past": -1,
            "previous": -1,
            "next": 1,
            "coming": 1,
            "following": 1,
        }[rel]
        u = m["unit"].lower()
        if u in ("second", "minute", "hour"):
            return None
        return "DATE", _relative(a, u, off)

    def today(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None]:
        word = m[0].lower()
        off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word.split()[0]]
        if a.day is None or a.precision != "day":
            return "DATE", "PRESENT_REF" if off == 0 else None
        return "DATE", _iso(a.day + timedelta(days=off))

    def part_of_day(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None]:
        code = lx["parts_of_day"][m["part"].lower()]
        rel = (m["rel"] or "this").lower()
        off = {"this": 0, "yesterday": -1, "tomorrow": 1, "last": -1}[rel]
        if a.day is None or a.precision != "day":
            return "TIME", None
        return "TIME", f"{_iso(a.day + timedelta(days=off))}T{code}"

    def weekday_rule(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None]:
        rel = (m["rel"] or "").lower()
        future = rel == "next" or (rel != "last" and _future_context(t, m.start()))
        # "Tuesday morning" is the date (TimeBank usage), the part of day is not kept.
        return "DATE", _weekday(a, m["weekday"], future)

    def ago(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None] | None:
        sign = -1 if m["dir"].lower() in ("ago", "earlier", "before") else 1
        return "DATE", _ago(a, _number(m["num"]), m["unit"], sign)

    def duration(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None] | None:
        unit_word = m["unit"].lower()
        if unit_word.endswith("s") and t[m.start("unit") - 1] == "-":
            return None  # "three-quarters of its food"
        if unit_word == "second" and not m["num"].isdigit():
            return None  # "a second betrayal"
        return "DURATION", _duration(_number(m["num"]), m["unit"])

    def plural_duration(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None]:
        return "DURATION", _duration(None, m["unit"])

    def setr(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None]:
        word = m[0].lower()
        for key, value in (
            ("daily", "P1D"),
            ("weekly", "P1W"),
            ("monthly", "P1M"),
            ("annually", "P1Y"),
            ("yearly", "P1Y"),
            ("quarterly", "P1Q"),
        ):
            if key in word:
                return "SET", value
        return "SET", "P1" + _unit(m["unit"])[0][-1]

    def clock_time(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None] | None:
        hour, minute = int(m["hour"]), int(m["minute"] or 0)
        ampm = m["ampm"].lower().replace(" ", "").replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23:
            return None
        day = _iso(a.day) if a.day and a.precision == "day" else "XXXX-XX-XX"
        return "TIME", f"{day}T{hour:02d}:{minute:02d}"

    def clock_weekday(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None] | None:
        read = clock_time(m, a, t)
        if read is None or read[1] is None:
            return read
        day = _weekday(a, m["weekday"], _future_context(t, m.start()))
        return "TIME", day + read[1][read[1].index("T") :]

    def reference(m: re.Match[str], a: Anchor, t: str) -> tuple[str, str | None]:
        return "DATE", str(lx["references"][" ".join(m["ref"].lower().split())])

    i = re.I
    rel = r"(?P<rel>this|current|last|past|previous|next|coming|following)"
    return (
        r(
            "dtg",
            r"(?P<d>[0-3]\d)(?P<h>[0-2]\d)(?P<mi>[0-5]\d)\s?Z\s+(?P<mon>"
            + dtg_months
            + r")\s+(?P<y>\d{4}|\d{2})",
            dtg,
        ),
        r("full_date_dmy", modifier + day + r"\s+" + month + r",?\s+" + year, full_date),
        r("full_date_mdy", modifier + month + r"\s+" + day + r",?\s+" + year, full_date),
        r("iso_date", r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)", iso_date),
        r("numeric_date", r"(?P<a>[0-3]?\d)[./](?P<b>[01]?\d)[./](?P<y>\d{4}|\d{2})", numeric_date),
        r(
            "month_rel_year",
            modifier + month + r"\s+(?P<rel>last|next|this)\s+year",
            month_rel_year,
            i,
        ),
        r("month_year", modifier + month + r",?\s+(?:of\s+)?" + year, month_year),
        r("month_day", modifier + month + r"\s+" + day, month_day),
        r("day_month", day + r"\s+(?:of\s+)?" + month, lambda m, a, t: month_day(m, a, t)),
        r(
            "season",
            r"(?:(?P<rel>last|next|this)\s+|(?<=in )(?:the\s+)?|(?<=during )(?:the\s+)?)"
            + season
            + r"(?:\s+(?:of\s+)?"
            + year
            + ")?|"
            + season.replace("season", "season2")
            + r"\s+(?:of\s+)?"
            + year.replace("year", "year2"),
            fiscal_or_season,
        ),
        r(
            "quarter",
            r"(?:the\s+)?" + ordinal + r"[\s-]+quarter(?:\s+of\s+" + year + ")?",
            quarter,
            i,
        ),
        r(
            "bare_month",
            r"(?:(?P<pre>in|since|until|till|by|from|of|during|through|before|"
            r"after|on|to|and|or|between)[\s-]+)?"
            + modifier
            + r"(?:(?P<rel>last|next|this)\s+)?"
            + month,
            bare_month,
        ),
        r("decade", r"(?:the\s+)?(?:early\s+|late\s+|mid-)?(?P<dec>1[0-9]\d0|20\d0)'?s", decade),
        r("century", r"(?:the\s+)?(?P<c>1[0-9]|2[01])(?:st|nd|rd|th)[\s-]+century", century, i),
        r(
            "weekday",
            r"(?:(?P<rel>last|next|this)\s+)?" + weekday + r"(?:\s+" + part + ")?",
            weekday_rule,
        ),
        r("part_of_day", r"(?P<rel>this|yesterday|tomorrow|last)\s+" + part, part_of_day, i),
        r("today", r"(?:today|tonight|yesterday|tomorrow)", today, i),
        r(
            "weekend",
            r"(?:over\s+|during\s+)?the\s+weekend",
            lambda m, a, t: ("DATE", _relative(a, "weekend", 0)),
            i,
        ),
        r(
            "end_of_year",
            r"the\s+(?:end|beginning|start|middle)\s+of\s+the\s+(?P<unit>year|month)",
            lambda m, a, t: ("DATE", _relative(a, m["unit"], 0)),
            i,
        ),
        r("ago", num + r"\s+" + unit + r"\s+(?P<dir>ago)", ago, i),
        r("this_unit", rel + r"\s+(?:fiscal\s+)?" + unit, this_unit, i),
        r(
            "duration",
            r"(?:(?:more|less|fewer)\s+than\s+|about\s+|nearly\s+|almost\s+|over\s+"
            r"|some\s+|(?:the\s+)?(?:past|last|next|first|coming)\s+)?"
            + num
            + r"[\s-]+"
            + unit
            + r"(?![\s-]+old\b)(?!\s+and\s+older)",
            duration,
            i,
        ),
        r(
            "plural_duration",
            r"(?P<unit>days|weeks|months|years|decades|hours|minutes)"
            r"(?![\s-]+old\b)",
            plural_duration,
            i,
        ),
        r(
            "set",
            r"(?:every|each|per)\s+(?P<unit>day|week|month|quarter|year)|daily|weekly|monthly"
            r"|annually|yearly|quarterly",
            setr,
            i,
        ),
        r(
            "clock_weekday",
            clock + r"(?:\s+(?:EDT|EST|CDT|CST|PDT|PST|GMT|UTC))?,?\s+(?:on\s+)?" + weekday,
            clock_weekday,
            i,
        ),
        r("clock", clock, clock_time, i),
        r("reference", refs, reference, i),
        r("year", year, year_only),
    )


_SET_WORDS = re.compile(r"\b(?:daily|weekly|monthly|annually|yearly|quarterly)\b", re.I)


def find_timexes(text: str, anchor: PartialDate | None = None) -> list[Timex]:
    """Every temporal expression in ``text`` with its TIMEX3 type and value."""
    a = Anchor.of(anchor)
    candidates: list[tuple[int, int, str, str, str | None]] = []
    vetoed: list[tuple[int, int]] = []  # "31 February 2016" is no date, not February 2016
    for rule in rules():
        for m in rule.pattern.finditer(text):
            read = rule.read(m, a, text)
            if read is None:
                if rule.name.startswith(("full_date", "iso_date", "numeric_date")):
                    vetoed.append((m.start(), m.end()))
                continue
            start, end = m.start(), m.end()
            if rule.name == "bare_month" and m["pre"]:
                start = (
                    m.start("mod") if m["mod"] else m.start("rel") if m["rel"] else m.start("month")
                )
            candidates.append((start, end, rule.name, read[0], read[1]))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    out: list[Timex] = []
    for start, end, _name, kind, value in candidates:
        if any(start < e and s < end for s, e in (*taken, *vetoed)):
            continue
        taken.append((start, end))
        out.append(Timex(start, end, text[start:end], kind, value))
    return sorted(out, key=lambda t: t.start)
