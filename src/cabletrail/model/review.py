"""A human review of an extracted event: accept it, reject it, or correct its type, date,
agent or recipient. Pure: checking a correction and applying it to the extractor's fact."""

from __future__ import annotations

import copy
from typing import Any

from cabletrail.errors import QueryError
from cabletrail.model.dates import parse_date

ACTIONS = ("accept", "reject", "correct")
EVENT_TYPES = (
    "DIRECTIVE",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "PROTEST",
    "CONCEDE",
    "ADOPT",
    "ENACT",
    "DEFECT",
    "CAMPAIGN",
    "DISCLOSE",
    "STATEMENT",
    "MEET",
    "APPOINT",
)
FIELDS = ("type", "date", "agent", "recipient")


def check_review(action: str, correction: dict[str, Any], entity_ids: set[str]) -> dict[str, Any]:
    """The correction, cleaned: only set fields, each valid. Raises :class:`QueryError`
    naming the bad value."""
    if action not in ACTIONS:
        raise QueryError(f"review action {action!r}; choose {', '.join(ACTIONS)}")
    unknown = set(correction) - set(FIELDS)
    if unknown:
        raise QueryError(f"cannot correct {sorted(unknown)}; corrections set {', '.join(FIELDS)}")
    clean = {k: v.strip() for k, v in correction.items() if isinstance(v, str) and v.strip()}
    if action != "correct":
        if clean:
            raise QueryError(f"a review to {action} takes no corrections; use action=correct")
        return {}
    if not clean:
        raise QueryError("a correction needs at least one of type, date, agent, recipient")
    if "type" in clean:
        clean["type"] = clean["type"].upper()
        if clean["type"] not in EVENT_TYPES:
            raise QueryError(f"event type {clean['type']!r}; known: {', '.join(EVENT_TYPES)}")
    if "date" in clean:
        date = parse_date(clean["date"])
        if date is None:
            raise QueryError(f"date {clean['date']!r}; use YYYY, YYYY-MM or YYYY-MM-DD")
        clean["date"] = date.value
    for role in ("agent", "recipient"):
        if role in clean and clean[role] not in entity_ids:
            raise QueryError(f"{role} {clean[role]!r} is not an entity of this document")
    return clean


def reviewed(event: dict[str, Any], action: str, correction: dict[str, Any]) -> dict[str, Any]:
    """The extractor's ``event`` as the review leaves it (a new dict)."""
    fact = copy.deepcopy(event)
    if action != "correct":
        return fact
    if "type" in correction:
        fact["type"] = correction["type"]
    if "date" in correction:
        fact["date"] = correction["date"]
    arguments = fact.setdefault("arguments", {})
    for role in ("agent", "recipient"):
        if role in correction:
            arguments[role] = correction[role]
    return fact
