"""Exports of the record: JSON lines, CSV (safe against formula injection), FollowTheMoney
entities (validated by the followthemoney library, loadable by Aleph) and PLOVER-shaped event
records. GraphML and iCalendar come from :mod:`cabletrail.query.graph` and the timeline.

Pure functions of what the read API returns; nothing here touches the store.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from cabletrail.errors import SettingError
from cabletrail.model import sha256_hex

CSV_COLUMNS = (
    "date",
    "dated_by",
    "type",
    "agent",
    "recipient",
    "target",
    "forum",
    "trigger",
    "content",
    "modality",
    "negated",
    "document",
    "title",
    "document_date",
    "sentence",
    "start",
    "end",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
PLOVER = {
    "REQUEST": "REQUEST",
    "ACCUSE": "ACCUSE",
    "REJECT": "REJECT",
    "PROTEST": "PROTEST",
    "CONCEDE": "CONCEDE",
    "ADOPT": "AGREE",
    "CAMPAIGN": "MOBILIZE",
    "MEET": "CONSULT",
}
FTM_SCHEMA = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Organization",
    "NORP": "Organization",
    "LOC": "Address",
    "LAW": "Documentation",
}


def safe_cell(value: Any) -> str:
    """A cell no spreadsheet will run: text starting like a formula gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def events_csv(events: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in events:
        c = e["citation"]
        row = [
            e["date"],
            e["dated_by"],
            e["type"],
            e["agent"],
            e["recipient"],
            e["target"],
            e["forum"],
            e["trigger"],
            e["content"],
            e["modality"],
            e["negated"],
            c["document"],
            c["title"],
            c["date"],
            c["sentence"],
            c["start"],
            c["end"],
        ]
        writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue()


def jsonl(clusters: Iterable[dict[str, Any]], events: Iterable[dict[str, Any]]) -> Iterator[str]:
    for c in clusters:
        yield json.dumps({"kind": "entity", **c}, ensure_ascii=False)
    for e in events:
        yield json.dumps({"kind": "event", **e}, ensure_ascii=False)


def plover(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    """PLOVER event records for the types PLOVER has (the spec's table); others are left out."""
    for e in events:
        kind = PLOVER.get(e["type"])
        if kind is None:
            continue
        c = e["citation"]
        yield json.dumps(
            {
                "event_id": sha256_hex(f"{c['document']}:{c['start']}:{e['trigger']}".encode())[
                    :20
                ],
                "event_date": e["date"],
                "event_type": kind,
                "event_mode": "",
                "event_text": c["sentence"],
                "actor": e["agent"] or "",
                "recipient": e["recipient"] or e["target"] or "",
                "location": e["forum"] or "",
                "source": {
                    "document": c["document"],
                    "title": c["title"],
                    "start": c["start"],
                    "end": c["end"],
                },
                "modality": e["modality"],
                "negated": e["negated"],
                "cabletrail_type": e["type"],
            },
            ensure_ascii=False,
        )


def ftm(
    clusters: list[dict[str, Any]],
    events: list[dict[str, Any]],
    roles: list[dict[str, Any]],
    documents: list[dict[str, Any]],
) -> Iterator[str]:
    """FollowTheMoney entities: Person/Organization per resolved entity, Document per cited
    document, Mention linking the two, Event per event, Position and Occupancy per role."""
    try:
        from followthemoney import model
    except ImportError:
        raise SettingError(
            "FtM export needs followthemoney: pip install 'cabletrail[ftm]'"
        ) from None
    by_name = {c["name"]: c for c in clusters}

    def proxy(schema: str, key: str, **props: Any) -> Any:
        entity = model.make_entity(schema)
        entity.make_id("cabletrail", schema, key)
        for prop, value in props.items():
            if value not in (None, "", []):
                entity.add(prop, value)
        return entity

    people: dict[str, Any] = {}
    for c in clusters:
        schema = FTM_SCHEMA.get(c["type"])
        if schema is None or schema in ("Address", "Documentation"):
            continue
        people[c["id"]] = proxy(schema, c["id"], name=c["name"], alias=c["aliases"][:20])
        yield json.dumps(people[c["id"]].to_dict(), ensure_ascii=False)
    docs: dict[str, Any] = {}
    for d in documents:
        docs[d["id"]] = proxy(
            "Document", d["id"], title=d.get("title"), date=d.get("date"), contentHash=d["id"]
        )
        yield json.dumps(docs[d["id"]].to_dict(), ensure_ascii=False)
    for d in documents:
        for cid in d.get("clusters", []):
            if cid in people and d["id"] in docs:
                mention = proxy(
                    "Mention",
                    f"{d['id']}:{cid}",
                    name=people[cid].caption,
                    document=docs[d["id"]],
                    resolved=people[cid],
                )
                yield json.dumps(mention.to_dict(), ensure_ascii=False)
    for e in events:
        c = e["citation"]
        involved = [
            people[by_name[n]["id"]]
            for n in (e["agent"], e["recipient"], e["target"])
            if n in by_name and by_name[n]["id"] in people
        ]
        event = proxy(
            "Event",
            f"{c['document']}:{c['start']}:{e['trigger']}",
            name=f"{e['type']}: {e['trigger']}",
            date=e["date"],
            description=c["sentence"],
            involved=involved,
            proof=docs.get(c["document"]),
        )
        yield json.dumps(event.to_dict(), ensure_ascii=False)
    for r in roles:
        if r["cluster_id"] not in people or people[r["cluster_id"]].schema.name != "Person":
            continue
        title = r["role"].get("title") or ""
        org = r["role"].get("organization") or ""
        position = proxy("Position", f"{title}|{org}", name=f"{title} {org}".strip())
        yield json.dumps(position.to_dict(), ensure_ascii=False)
        occupancy = proxy(
            "Occupancy",
            f"{r['cluster_id']}|{title}|{org}|{r['document_id']}",
            holder=people[r["cluster_id"]],
            post=position,
            date=r["time_value"] or r["date"],
            proof=docs.get(r["document_id"]),
        )
        yield json.dumps(occupancy.to_dict(), ensure_ascii=False)
