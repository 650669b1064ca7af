"""What goes into a brief: the documents in scope, the period, the key actors with their
roles at the time, the directives and responses in order, and what sources said — every item
with its citation. Rendering is :mod:`cabletrail.present.brief`."""

from __future__ import annotations

from collections import Counter
from typing import Any

from cabletrail.model import PartialDate
from cabletrail.query.record import TimelineRequest, resolve_entity, timeline
from cabletrail.store import Store

BRIEF_EVENTS = [
    "DIRECTIVE",
    "REQUEST",
    "PROTEST",
    "REJECT",
    "ACCUSE",
    "ADOPT",
    "CONCEDE",
    "DEFECT",
    "CAMPAIGN",
    "DISCLOSE",
]


def _in_range(date: str | None, lo: PartialDate | None, hi: PartialDate | None) -> bool:
    if date is None:
        return lo is None and hi is None
    d = PartialDate(date[:10]) if len(date) >= 4 else None
    if d is None:
        return False
    return (lo is None or d.start >= lo.start) and (hi is None or d.end <= hi.end)


def brief_data(
    store: Store,
    topic: str | None = None,
    entity: str | None = None,
    date_from: PartialDate | None = None,
    date_to: PartialDate | None = None,
    max_events: int = 40,
    max_quotes: int = 15,
) -> dict[str, Any]:
    cluster = resolve_entity(store, entity) if entity else None
    docs = []
    for row in store.extractions():
        record = row["record"]
        if topic and topic not in {t["label"] for t in record.get("topics", [])}:
            continue
        if cluster and cluster["id"] not in {c for c, _ in row["links"].values()}:
            continue
        if not _in_range(row["date"], date_from, date_to):
            continue
        docs.append(row)
    in_scope = {d["document_id"] for d in docs}
    events = [
        i
        for i in timeline(
            store,
            TimelineRequest(
                entity=cluster["id"] if cluster else None,
                topic=topic,
                types=BRIEF_EVENTS,
                date_from=date_from,
                date_to=date_to,
            ),
        )
        if i.document_id in in_scope and i.agent  # a brief names who acted
    ]
    actors = Counter(n for i in events for n in (i.agent, i.recipient) if n)
    key_actors = []
    for name, count in actors.most_common(6):
        found = store.find_clusters(name)
        roles = []
        if found and found[0]["type"] == "PERSON":
            roles = [r for r in store.roles() if r["cluster_id"] == found[0]["id"]]
        key_actors.append(
            {
                "name": name,
                "events": count,
                "roles": sorted(
                    {
                        (
                            r["role"].get("qualifier") or "",
                            r["role"].get("title") or "",
                            r["role"].get("organization") or "",
                            r["time_value"] or r["date"] or "",
                        )
                        for r in roles
                    }
                )[:3],
            }
        )
    quotes = []
    for row in docs:
        record = row["record"]
        names = {e["id"]: e["name"] for e in record.get("entities", [])}
        for q in record.get("quotes", []):
            speaker = (
                row["links"].get(q.get("speaker"), (None, None))[1]
                or names.get(q.get("speaker"))
                or q.get("speaker_text")
            )
            quotes.append(
                {
                    "text": q["text"],
                    "speaker": speaker,
                    "anonymous": bool(q.get("anonymous")),
                    "cue": q.get("cue"),
                    "document_id": row["document_id"],
                    "title": row["title"],
                    "date": row["date"],
                    "start": q["start"],
                    "end": q["end"],
                }
            )
    dates = sorted(d["date"] for d in docs if d["date"])
    return {
        "topic": topic,
        "entity": cluster["name"] if cluster else None,
        "from": date_from.value if date_from else None,
        "to": date_to.value if date_to else None,
        "documents": len(docs),
        "period": [dates[0], dates[-1]] if dates else None,
        "actors": key_actors,
        "events": [e.as_dict() for e in events[:max_events]],
        "events_total": len(events),
        "quotes": quotes[:max_quotes],
        "quotes_total": len(quotes),
    }
