"""A document's text cut into runs for display: each run carries the facts that cover it, so
entities, dates, events, roles and quotes can be marked however they overlap. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

KINDS = ("entity", "timex", "event", "role", "quote", "cited")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # one of KINDS
    fact: str  # the fact's id in the record (e1, t3, v2 …), or "cited"
    label: str  # what hovering shows


@dataclass
class Run:
    text: str
    start: int
    marks: list[Mark] = field(default_factory=list)

    @property
    def classes(self) -> str:
        return " ".join(sorted({f"m-{m.kind}" for m in self.marks}))

    @property
    def title(self) -> str:
        return "\n".join(dict.fromkeys(m.label for m in self.marks))

    @property
    def facts(self) -> str:
        return " ".join(dict.fromkeys(m.fact for m in self.marks))


def _name(record: dict[str, Any], ent: Any) -> str | None:
    for e in record.get("entities", []):
        if e.get("id") == ent:
            return str(e.get("name"))
    return None


def marks(record: dict[str, Any]) -> list[Mark]:
    """Every fact of an extraction record with a span, as marks."""
    out: list[Mark] = []
    for e in record.get("entities", []):
        for m in e.get("mentions", []):
            out.append(Mark(m["start"], m["end"], "entity", e["id"], f"{e['type']}: {e['name']}"))
    for t in record.get("timexes", []):
        out.append(Mark(t["start"], t["end"], "timex", t["id"], f"{t['type']}: {t.get('value')}"))
    for v in record.get("events", []):
        args = v.get("arguments", {})
        parts = [
            f"{role}: {_name(record, args.get(role))}"
            for role in ("agent", "recipient", "target", "forum")
            if _name(record, args.get(role))
        ]
        label = f"{v['type']} ({v.get('modality', 'asserted')}" + (
            ", negated)" if v.get("negated") else ")"
        )
        trigger = v["trigger"]
        out.append(
            Mark(trigger["start"], trigger["end"], "event", v["id"], "; ".join([label, *parts]))
        )
    for i, r in enumerate(record.get("roles", []), 1):
        span = r.get("span") or {}
        if "start" in span:
            who = _name(record, r.get("person")) or "?"
            qualifier = f"{r['qualifier']}-" if r.get("qualifier") else ""
            out.append(
                Mark(
                    span["start"],
                    span["end"],
                    "role",
                    f"r{i}",
                    f"role: {who}, {qualifier}{r.get('title')}",
                )
            )
    for i, q in enumerate(record.get("quotes", []), 1):
        speaker = q.get("speaker_text") or _name(record, q.get("speaker")) or "unattributed"
        anonymous = " (anonymous source)" if q.get("anonymous") else ""
        out.append(Mark(q["start"], q["end"], "quote", f"q{i}", f"quote: {speaker}{anonymous}"))
    return out


def runs(text: str, found: list[Mark]) -> list[Run]:
    """Cut ``text`` at every mark boundary; each run lists the marks covering all of it."""
    valid = sorted(
        (m for m in found if 0 <= m.start < m.end <= len(text)), key=lambda m: (m.start, m.end)
    )
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    out: list[Run] = []
    active: list[Mark] = []
    i = 0
    for a, b in pairwise(cuts):
        active = [m for m in active if m.end > a]
        while i < len(valid) and valid[i].start <= a:
            active.append(valid[i])
            i += 1
        out.append(Run(text[a:b], a, list(active)))
    return out
