"""Topics from a replaceable taxonomy: each fires on the document's cable TAGS or on enough
distinct keywords, and says why."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from cabletrail.extract import lexicon


@dataclass(frozen=True)
class _Topic:
    label: str
    tags: frozenset[str]
    terms: tuple[str, ...]
    pattern: re.Pattern[str]
    min_terms: int
    strong: frozenset[str]


@cache
def taxonomy(path: str | None = None) -> tuple[_Topic, ...]:
    raw = lexicon.load("topics", path)
    out = []
    for label, spec in raw["topics"].items():
        strong = frozenset(str(t).lower() for t in spec.get("strong", []))
        terms = tuple({str(t).lower() for t in spec.get("terms", [])} | strong)
        pattern = (
            re.compile(
                r"\b("
                + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
                + r")\b",
                re.I,
            )
            if terms
            else re.compile(r"(?!x)x")
        )
        out.append(
            _Topic(
                label,
                frozenset(t.upper() for t in spec.get("tags", [])),
                terms,
                pattern,
                int(spec.get("min_terms", 1)),
                strong,
            )
        )
    return tuple(out)


def find_topics(text: str, tags: list[str], path: str | None = None) -> list[dict[str, Any]]:
    """``[{"label", "score", "why"}]``, best first."""
    doc_tags = {t.upper() for t in tags}
    out = []
    for topic in taxonomy(path):
        tag_hits = sorted(doc_tags & topic.tags)
        counts: dict[str, int] = {}
        for m in topic.pattern.finditer(text):
            key = m[1].lower()
            counts[key] = counts.get(key, 0) + 1
        enough = len(counts) >= topic.min_terms or bool(topic.strong & set(counts))
        if not tag_hits and not enough:
            continue
        score = 1.0 if tag_hits else 0.0
        if enough:
            score = max(score, min(0.95, 0.5 + 0.1 * len(counts) + 0.02 * sum(counts.values())))
        why = [f"tag {t}" for t in tag_hits] + [
            f"{term} ×{n}" for term, n in sorted(counts.items(), key=lambda kv: -kv[1])[:5]
        ]
        out.append({"label": topic.label, "score": round(score, 2), "why": why})
    return sorted(out, key=lambda t: -float(t["score"]))
