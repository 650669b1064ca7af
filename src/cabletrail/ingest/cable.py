"""Cable conventions read off the top of a document: FM/TO/INFO, SUBJECT, TAGS, REF, E.O.,
classification and precedence, date-time groups, datelines, UN ``Distr.`` lines and titles of
the form ``Sender to Recipient``. The conventions themselves live in ``rules/cable.v1.yaml``.

Pure functions of text: no I/O beyond loading the rules once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from cabletrail.model import PartialDate, find_date, search_date
from cabletrail.model.dates import MONTHS


@dataclass(frozen=True)
class _FieldRule:
    name: str
    start: re.Pattern[str]
    continues: str | None
    routing: bool


@dataclass(frozen=True)
class Rules:
    version: str
    header_lines: int
    pivot: int
    fields: tuple[_FieldRule, ...]
    any_field: re.Pattern[str]  # all field starts in one pattern: one match per line
    marking: re.Pattern[str]
    precedence_only: re.Pattern[str]
    caveat_only: re.Pattern[str]
    address_line: re.Pattern[str]
    address_prefix: re.Pattern[str]
    address_suffix: re.Pattern[str]
    dtg: re.Pattern[str]
    dtg_literal: str
    dateline_lines: int
    dateline_kinds: frozenset[str]
    dateline_after: re.Pattern[str]
    title_to: re.Pattern[str]
    title_by: re.Pattern[str]
    connectors: frozenset[str]
    title_lines: tuple[tuple[re.Pattern[str], bool], ...]


def _spaced(word: str) -> str:
    """``SECRET`` → a pattern that also matches ``S E C R E T``."""
    return r"\s+".join(r"\s?".join(re.escape(ch) for ch in part) for part in word.split())


def _alternation(words: list[str], spaced: bool = False) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(_spaced(w) if spaced else re.escape(w) for w in ordered)


@cache
def rules() -> Rules:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("cabletrail.ingest").joinpath("rules/cable.v1.yaml").read_text("utf-8")
    )
    classes = _alternation(raw["classifications"], spaced=True)
    caveats = _alternation(raw["caveats"])
    precs = _alternation(raw["precedences"])
    kinds = _alternation(raw["title_kinds"])
    return Rules(
        version=raw["version"],
        header_lines=int(raw["header_lines"]),
        pivot=int(raw["two_digit_year_pivot"]),
        fields=tuple(
            _FieldRule(
                name, re.compile(spec["start"]), spec.get("continues"), bool(spec.get("routing"))
            )
            for name, spec in raw["fields"].items()
        ),
        any_field=re.compile(
            "|".join(
                f"(?P<f{i}>{spec['start'].replace('(?P<value>', f'(?P<v{i}>')})"
                for i, spec in enumerate(raw["fields"].values())
            )
        ),
        marking=re.compile(
            rf"^(?:(?P<precedence>{precs})\s+)?(?P<classification>{classes})(?![A-Za-z])"
            rf"(?P<caveats>(?:\s*(?://|\s)\s*(?:{caveats}))*)"
        ),
        precedence_only=re.compile(rf"^(?P<precedence>{precs})\s*$"),
        caveat_only=re.compile(rf"^(?P<caveats>(?:{caveats})(?:[\s/]+(?:{caveats}))*)\s*$"),
        address_line=re.compile(raw["address_line"]),
        address_prefix=re.compile(raw["address_prefix"]),
        address_suffix=re.compile(rf"(?:\s+(?:{precs}))?(?:\s+\d+)?\s*$"),
        dtg=re.compile(raw["dtg"]),
        dtg_literal=str(raw.get("dtg_literal", "")),
        dateline_lines=int(raw["dateline_lines"]),
        dateline_kinds=frozenset(k.lower() for k in raw["dateline_kinds"]),
        dateline_after=re.compile(
            rf"^\]?\s*(?:,?\s*{raw['dateline_time']})?\s*\]?\s*(?:\[\d+\])?\s*$", re.I
        ),
        title_to=re.compile(
            rf"^(?:(?P<kind>{kinds})\b\s*)?(?:(?:from|by)\s+)?(?P<sender>.*?)\s*,?\s+to\s+"
            rf"(?P<recipient>\S.*?)\s*$",
            re.I,
        ),
        title_by=re.compile(rf"^(?P<kind>{kinds})\s+(?:by|from)\s+(?P<sender>\S.*?)\s*$", re.I),
        connectors=frozenset(w.lower() for w in raw["name_connectors"]),
        title_lines=tuple(
            (re.compile(t["pattern"]), bool(t.get("append_next_line"))) for t in raw["title_lines"]
        ),
    )


_FOOTNOTE = re.compile(r"\s*\[\d{1,3}\]")


def strip_footnotes(text: str) -> str:
    """``Report by Linford[1]`` → ``Report by Linford``."""
    return _FOOTNOTE.sub("", text).strip()


@dataclass(frozen=True)
class Dateline:
    text: str
    kind: str | None
    number: str | None
    place: str | None
    date: PartialDate
    time: str | None

    def as_dict(self) -> dict[str, str]:
        out = {"text": self.text, "date": self.date.value}
        for key in ("kind", "number", "place", "time"):
            if value := getattr(self, key):
                out[key] = value
        return out


@dataclass
class CableHeader:
    """Header facts found in a document's text; ``fields`` uses extraction-spec keys."""

    fields: dict[str, Any] = field(default_factory=dict)
    header_date: PartialDate | None = None
    dateline: Dateline | None = None
    title: str | None = None
    header_line_numbers: set[int] = field(default_factory=set)


def clean_address(value: str) -> str:
    r = rules()
    value = r.address_prefix.sub("", value.strip())
    return r.address_suffix.sub("", value).strip(" ,;")


def parse_dtg(text: str) -> tuple[PartialDate, str] | None:
    """The first date-time group (``281848Z DEC 66``) in text: its date and the group."""
    r = rules()
    if r.dtg_literal not in text:  # a scan 50x cheaper than the regex's, and most texts fail it
        return None
    m = r.dtg.search(text)
    if not m:
        return None
    year = int(m["year"])
    if len(m["year"]) == 2:
        year += 2000 if year < r.pivot else 1900
    try:
        return PartialDate.of(year, MONTHS[m["month"].lower()], int(m["day"])), m[0]
    except (ValueError, KeyError):
        return None


def parse_header(text: str) -> CableHeader:
    """Read the header conventions at the top of ``text``."""
    r = rules()
    lines = text.split("\n", r.header_lines)[: r.header_lines]
    header = CableHeader()
    values: dict[str, list[str]] = {}
    current: _FieldRule | None = None
    past_routing = False
    for n, raw_line in enumerate(lines):
        line = raw_line.strip()
        if not line:
            current = None
            continue
        rule, value = _field_start(line)
        if rule is not None and rule.routing and past_routing:
            rule = None
        if rule is not None:
            past_routing = past_routing or not rule.routing
            values.setdefault(rule.name, []).append(value)
            current = rule if rule.continues else None
            header.header_line_numbers.add(n)
            continue
        if (
            current is not None
            and (current.continues == "text" or r.address_line.match(line))
            and not r.marking.match(line)
        ):
            values[current.name].append(line)
            header.header_line_numbers.add(n)
            continue
        current = None
        _marking(line, header.fields)
    _store_fields(values, header)
    if found := parse_dtg("\n".join(lines)):
        header.header_date, header.fields["dtg"] = found
    elif "distribution" in header.fields:
        header.header_date = find_date(header.fields["distribution"])
    header.dateline = find_dateline(lines)
    header.title = _title_line(lines)
    return header


def _field_start(line: str) -> tuple[_FieldRule | None, str]:
    """The header field a line opens, if any, and its value."""
    r = rules()
    m = r.any_field.match(line)
    if m is None or m.lastgroup is None:
        return None, ""
    i = int(m.lastgroup[1:])
    return r.fields[i], m[f"v{i}"].strip()


def _marking(line: str, fields: dict[str, Any]) -> None:
    r = rules()
    if not line.isupper():
        return
    if "classification" not in fields and (m := r.marking.match(line)):
        fields["classification"] = re.sub(
            r"(?<=\b[A-Z]) (?=[A-Z]\b)", "", " ".join(m["classification"].split())
        )
        if m["precedence"]:
            fields.setdefault("precedence", m["precedence"])
        if caveats := re.findall(r"[A-Z][A-Z ]*[A-Z]", m["caveats"] or ""):
            fields.setdefault("caveats", [c.strip() for c in caveats])
    elif m := r.precedence_only.match(line):
        fields.setdefault("precedence", m["precedence"])
    elif m := r.caveat_only.match(line):
        caveats = fields.setdefault("caveats", [])
        for c in re.split(r"[\s/]+", m["caveats"]):
            if c and c not in caveats:
                caveats.append(c)


def _store_fields(values: dict[str, list[str]], header: CableHeader) -> None:
    f = header.fields
    if "from" in values:
        f["from"] = clean_address(values["from"][0])
    for name in ("to", "info"):
        if name in values:
            f[name] = [a for v in values[name] if (a := clean_address(v))]
    if "subject" in values:
        f["subject"] = " ".join(" ".join(values["subject"]).split())
    if "tags" in values:
        f["tags"] = [t for t in re.split(r"[\s,;]+", " ".join(values["tags"])) if t]
    if "ref" in values:
        f["ref"] = " ".join(" ".join(values["ref"]).split())
    for name in ("eo", "classified_by", "distribution", "symbol"):
        if name in values:
            f[name] = " ".join(values[name][0].split())


def find_dateline(lines: list[str]) -> Dateline | None:
    """The dateline among the first non-blank lines, if one is there."""
    r = rules()
    seen = 0
    for raw_line in lines:
        line = raw_line.strip()
        if not line:
            continue
        seen += 1
        if seen > r.dateline_lines:
            return None
        if len(line) <= 200 and (found := _dateline(line)):
            return found
    return None


def _dateline(line: str) -> Dateline | None:
    r = rules()
    found = search_date(line)
    if found is None:
        return None
    date, start, end = found
    after = r.dateline_after.match(line[end:])
    if after is None:
        return None
    lead = line[:start].rstrip(" ,[").strip()
    words = lead.split(maxsplit=1)
    kind = words[0] if words and words[0].lower().strip(".") in r.dateline_kinds else None
    rest = (words[1] if len(words) > 1 else "") if kind else lead
    place: str | None = None
    number: str | None = None
    if kind:
        if m := re.search(r"\[?(?P<place>[A-Z][A-Z.'\- ]*[A-Z])\]?$", rest):
            place = m["place"].strip()
            rest = rest[: m.start()]
        number = rest.strip(" ,") or None
    elif rest:
        if not re.fullmatch(r"\[?[A-Z][A-Za-z.'\-]*(?: [A-Z][A-Za-z.'\-]*){0,4}\]?", rest):
            return None
        place = rest.strip("[]")
    return Dateline(line, kind, number, place, date, after["time"] if after["time"] else None)


def _title_line(lines: list[str]) -> str | None:
    r = rules()
    for i, raw_line in enumerate(lines):
        for pattern, append_next in r.title_lines:
            if m := pattern.match(raw_line.strip()):
                title = " ".join(m["title"].split())
                if append_next:
                    following = next((ln.strip() for ln in lines[i + 1 :] if ln.strip()), "")
                    if following and len(following) <= 100 and following.strip("* "):
                        title = f"{title}: {following}"
                return title
    return None


def _name_like(text: str) -> bool:
    r = rules()
    words = text.replace(",", " ").split()
    return bool(words) and all(
        w[0].isupper() or w[0].isdigit() or w.lower() in r.connectors or w[0] in "(&" for w in words
    )


def parse_title(title: str) -> dict[str, Any]:
    """Sender and recipients from a title like ``Evatt to Burton``; ``{}`` if it is not one.

    A title that names only the recipient (``Cablegram to Canberra``) gives ``to`` alone.
    """
    r = rules()
    title = strip_footnotes(" ".join(title.split()))
    if m := r.title_to.match(title):
        sender = m["sender"].strip(" ,")
        recipient = m["recipient"].strip(" ,")
        if sender and not _name_like(sender):
            return {}
        if not _name_like(recipient.removeprefix("the ")):
            return {}
        out: dict[str, Any] = {"to": [recipient]}
        if sender:
            out["from"] = sender
        if m["kind"]:
            out["kind"] = m["kind"]
        return out
    if (m := r.title_by.match(title)) and _name_like(m["sender"]):
        return {"from": m["sender"], "kind": m["kind"]}
    return {}
