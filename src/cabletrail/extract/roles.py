"""Roles: who held which post — "then-North Korean Foreign Minister Ri Su-yong", "Ri Su-yong,
the Foreign Minister", "former deputy ambassador to Britain Thae Yong-ho".

A role ties a PERSON entity to a title from ``lexicons/roles.v1.yaml``, with the
organisation or country that qualifies it, a qualifier (then, former, acting, current) and
the nearest date in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from cabletrail.extract import lexicon
from cabletrail.extract.entities import Entity, EntityIndex, Mention
from cabletrail.extract.timex import Timex


@dataclass
class Role:
    person: str
    title: str
    organization: str | None
    qualifier: str | None
    time: str | None
    span: tuple[int, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "title": self.title,
            "organization": self.organization,
            "qualifier": self.qualifier,
            "time": self.time,
            "span": {"start": self.span[0], "end": self.span[1]},
        }


@dataclass(frozen=True)
class _Patterns:
    before: re.Pattern[str]  # qualifier? org? TITLE NAME
    after: re.Pattern[str]  # NAME, (the)? qualifier? org? TITLE
    qualifiers: dict[str, str]
    titles: tuple[str, ...]


@cache
def patterns() -> _Patterns:
    raw = lexicon.load("roles")
    titles = sorted(raw["titles"], key=len, reverse=True)
    # Titles and qualifiers match in any case; the organisation words must be capitalised.
    title = "(?P<title>(?i:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles) + "))"
    quals = raw["qualifiers"]
    qual = r"(?:(?P<qual>(?i:" + "|".join(re.escape(q) for q in quals) + r"))[\s-]+)?"
    org = r"(?:(?P<org>(?:[A-Z][\w.'’-]*\s+){1,4}?))??"  # a longer title first
    to_place = (
        r"(?:\s+(?:to|of|for|in)\s+(?:the\s+)?(?P<org2>[A-Z][\w.'’-]*"
        r"(?:\s+[A-Z][\w.'’-]*){0,4}))?"
    )
    before = re.compile(r"(?<![\w-])" + qual + org + title + to_place + r",?\s+$")
    after = re.compile(r"^\s*,\s+(?:the\s+|a\s+)?" + qual + org + title + to_place)
    return _Patterns(before, after, {k.lower(): v for k, v in quals.items()}, tuple(titles))


def _title_case(text: str, titles: tuple[str, ...]) -> str:
    for t in titles:
        if t.lower() == text.lower():
            return t
    return text


def find_roles(
    text: str, entities: list[Entity], index: EntityIndex, timexes: list[tuple[str, Timex]]
) -> list[Role]:
    p = patterns()
    roles: list[Role] = []
    seen: set[tuple[str, str]] = set()
    for entity in entities:
        # A short ORG with a personal title beside it is a person the model mistyped.
        if entity.type != "PERSON" and not (entity.type == "ORG" and len(entity.name.split()) <= 3):
            continue
        for mention in entity.mentions:
            line_start = max(text.rfind("\n", 0, mention.start), text.rfind(". ", 0, mention.start))
            window = text[max(line_start + 1, mention.start - 120) : mention.start]
            m = p.before.search(window)
            span_start = mention.start - (len(window) - m.start()) if m else None
            if m is None:
                tail = text[mention.end : mention.end + 120]
                m = p.after.match(tail)
                if m is None:
                    continue
                span = (mention.start, mention.end + m.end())
            else:
                assert span_start is not None
                span = (span_start, mention.end)
            title = _title_case(m["title"], p.titles)
            if title[0].islower() and not (m["qual"] or m["org"] or m["org2"]):
                continue
            org_text = (m["org"] or "").strip() or (m["org2"] or "").strip() or None
            organization = None
            if org_text:
                found = index.by_name(org_text)
                organization = found.name if found else org_text
            qualifier = p.qualifiers.get((m["qual"] or "").lower()) if m["qual"] else None
            key = (entity.id, title.lower())
            if key in seen:
                continue
            seen.add(key)
            entity.type = "PERSON"
            time = next(
                (
                    tid
                    for tid, t in timexes
                    if abs(t.start - span[0]) < 200 and t.type in ("DATE", "TIME")
                ),
                None,
            )
            roles.append(Role(entity.id, title, organization, qualifier, time, span))
    return roles


HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Madame", "Mme", "H.E.")


def strip_titles(mentions: list[Mention]) -> list[Mention]:
    """ "Charge J. Robert Manzanares" → "J. Robert Manzanares": a person's name without the
    title or honorific the model took into it (the title stays in the text for roles)."""
    titles = sorted((t for t in patterns().titles if t[:1].isupper()), key=len, reverse=True)
    prefix = re.compile(
        r"^(?:(?:" + "|".join(re.escape(t) for t in (*titles, *HONORIFICS)) + r")\.?\s+)+"
    )
    out = []
    for m in mentions:
        cut = prefix.match(m.text) if m.type == "PERSON" else None
        if cut and cut.end() < len(m.text):
            m = Mention(m.start + cut.end(), m.end, m.text[cut.end() :], m.type)
        out.append(m)
    return out


def link_titles(text: str, roles: list[Role], index: EntityIndex) -> None:
    """A capitalised title standing for a person — "the Ambassador", "Minister points out",
    "Please inform Secretary-General" — becomes a mention of the one person the document
    names with that title, or else of a person entity named by the title itself."""
    holders: dict[str, set[str]] = {}
    for role in roles:
        holders.setdefault(role.title.lower(), set()).add(role.person)
    titles = sorted(
        (t for t in patterns().titles if t[:1].isupper() and len(t) > 3), key=len, reverse=True
    )
    pattern = re.compile(
        r"(?<![\w-])(?:the\s+)?("
        + "|".join(re.escape(t) for t in titles)
        + r")(?!\s+(?:of\s+)?[A-Z])(?![\w-])"
    )
    role_spans = [r.span for r in roles]
    for m in pattern.finditer(text):
        if text[max(0, m.start() - 1) : m.start()] == "-" or index.at(m.start(1), m.end(1)):
            continue
        if any(s <= m.start(1) < e for s, e in role_spans):
            continue  # the title of a named person: "V.A. Zorin, Deputy Minister for …"
        people = holders.get(m[1].lower(), set())
        if len(people) == 1:
            person = next(e for e in index.entities if e.id in people)
        else:
            person = index.by_name(m[1]) or index.add(Entity("", "PERSON", m[1]))
        index.add_mention(person, Mention(m.start(1), m.end(1), m[1], "PERSON"))
