"""Questions about the whole trove: timelines of events, who held a post when, entity
profiles, topic counts. Every answer carries its citations (document, date, passage)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cabletrail.errors import QueryError
from cabletrail.model import PartialDate, leading_date, parse_date
from cabletrail.store import EventPage, Store


@dataclass
class TimelineItem:
    date: PartialDate | None
    dated_by: str  # "event" (a date in its sentence) or "document" (its document's date)
    type: str
    trigger: str
    agent: str | None
    recipient: str | None
    target: str | None
    forum: str | None
    content: str | None
    modality: str
    negated: bool
    document_id: str
    document_title: str | None
    document_date: str | None
    sentence: str
    span: tuple[int, int]
    review: dict[str, Any] | None = None  # the human review in force, if any

    @property
    def sort_key(self) -> tuple[str, str, str]:
        if self.date is None:
            return ("9999", "9999", self.document_id)
        return (self.date.start, self.date.end, self.document_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.value if self.date else None,
            "dated_by": self.dated_by,
            "type": self.type,
            "trigger": self.trigger,
            "agent": self.agent,
            "recipient": self.recipient,
            "target": self.target,
            "forum": self.forum,
            "content": self.content,
            "modality": self.modality,
            "negated": self.negated,
            "citation": {
                "document": self.document_id,
                "title": self.document_title,
                "date": self.document_date,
                "sentence": self.sentence,
                "start": self.span[0],
                "end": self.span[1],
            },
            "review": self.review,
        }


def _date_of(value: Any) -> PartialDate | None:
    return leading_date(value) if isinstance(value, str) else None


def resolve_entity(store: Store, name: str) -> dict[str, Any]:
    found = store.find_clusters(name)
    if not found:
        raise QueryError(
            f"no entity named {name!r}; run `cabletrail resolve` after `analyze`, "
            "or try another spelling"
        )
    return found[0]


@dataclass
class TimelineRequest:
    entity: str | None = None
    topic: str | None = None
    types: list[str] = field(default_factory=list)
    query: str | None = None
    date_from: PartialDate | None = None
    date_to: PartialDate | None = None
    limit: int | None = None  # a page of the timeline: ``limit`` events from ``offset``
    offset: int = 0


def timeline(store: Store, request: TimelineRequest) -> list[TimelineItem]:
    """Dated events in order; an event without a date of its own is placed at its document's
    date and marked so. Dates keep their precision: 2016 sorts as the year 2016."""
    return list(timeline_items(store, request))


def timeline_items(store: Store, request: TimelineRequest) -> Iterator[TimelineItem]:
    """The events of :func:`timeline` as they are read: the store orders them (and cuts the
    page) in SQL, so the first come before the rest are read. A bad request (an unknown
    entity, a query the search engine rejects) fails here, before the first event."""
    cluster = resolve_entity(store, request.entity)["id"] if request.entity else None
    doc_ids: list[str] | None = None
    if request.query:
        from cabletrail.model import SearchRequest
        from cabletrail.query.search import parse_query

        page = store.search(SearchRequest(parse_query(request.query), limit=100_000))
        doc_ids = [h.id for h in page.hits]
    return _timeline_items(store, request, cluster, doc_ids)


def _timeline_items(
    store: Store, request: TimelineRequest, cluster: str | None, doc_ids: list[str] | None
) -> Iterator[TimelineItem]:
    cut = EventPage(request.limit, request.offset, request.date_from, request.date_to)
    for rows in store.event_chunks(cluster, request.types or None, request.topic, doc_ids, cut):
        for row in rows:
            item = _item(row)
            if request.date_from and (
                item.date is None or item.date.start < request.date_from.start
            ):
                continue
            if request.date_to and (item.date is None or item.date.end > request.date_to.end):
                continue
            yield item


def _item(row: dict[str, Any]) -> TimelineItem:
    """One event row of the store as a timeline item; its arguments are named trove-wide
    where resolved, as in their document otherwise."""
    event, times = row["event"], row["times"]
    names = {**row["names"], **{k: v[1] for k, v in row["links"].items()}}

    def name(ent: Any) -> str | None:
        return names.get(ent) if isinstance(ent, str) else None

    args = event.get("arguments", {})
    date = _date_of(event.get("date")) or _date_of(times.get(event.get("time")))
    dated_by = "event"
    if date is None:
        date, dated_by = _date_of(row["date"]), "document"
    s = event.get("sentence", {})
    content = args.get("content")
    return TimelineItem(
        date,
        dated_by,
        event["type"],
        event["trigger"]["text"],
        name(args.get("agent")),
        name(args.get("recipient")),
        name(args.get("target")),
        name(args.get("forum")),
        content.get("text") if isinstance(content, dict) else None,
        event.get("modality", "asserted"),
        bool(event.get("negated")),
        row["document_id"],
        row["title"],
        row["date"],
        " ".join(row["sentence"].split()),
        (int(s.get("start", 0)), int(s.get("end", 0))),
        event.get("review"),
    )


@dataclass
class Holder:
    person: str
    cluster_id: str | None
    title: str
    organization: str | None
    qualifier: str | None
    evidence_date: str | None
    match: str  # "at the date" | "before the document" | "nearest"
    document_id: str
    document_title: str | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _words(text: str | None) -> set[str]:
    return {
        w for w in re.findall(r"\w+", (text or "").casefold()) if w not in {"the", "of", "for", "a"}
    }


def who(store: Store, title: str, org: str | None, on: PartialDate) -> list[Holder]:
    """Who held ``title`` (of ``org``) on a date, best evidence first."""
    want = _words(title)
    if not want:
        raise QueryError(f"title {title!r} has no words to match")
    org_key = re.sub(r"\W+", "", org.casefold()) if org else None
    holders: list[tuple[int, int, Holder]] = []
    for row in store.roles():
        role = row["role"]
        have = _words(role.get("title"))
        if not have or not want <= have:
            continue
        organization = role.get("organization")
        if org_key:
            haystack = re.sub(r"\W+", "", f"{organization or ''} {role.get('title')}".casefold())
            if org_key[:8] not in haystack and not haystack.startswith(org_key[:8]):
                continue
        when = _date_of(row["time_value"]) or _date_of(row["date"])
        qualifier = role.get("qualifier")
        if when is None:
            continue
        if qualifier == "former":
            rank, match = (1, "before the document") if on.end <= when.end else (3, "nearest")
        elif when.start <= on.end and on.start <= when.end:
            rank, match = 0, "at the date"
        else:
            rank, match = 2, "nearest"
        distance = abs(int(when.start[:4]) - int(on.start[:4]))
        holders.append(
            (
                rank,
                distance,
                Holder(
                    row["cluster_name"] or str(role.get("person")),
                    row["cluster_id"],
                    str(role.get("title")),
                    organization,
                    qualifier,
                    when.value,
                    match,
                    row["document_id"],
                    row["title"],
                ),
            )
        )
    holders.sort(key=lambda h: (h[0], h[1]))
    return [h for _, _, h in holders]


def entity_profile(store: Store, name: str) -> dict[str, Any]:
    cluster = resolve_entity(store, name)
    docs = store.cluster_documents(cluster["id"])
    roles = [
        {
            "title": r["role"].get("title"),
            "organization": r["role"].get("organization"),
            "qualifier": r["role"].get("qualifier"),
            "date": r["time_value"] or r["date"],
            "document": r["document_id"],
        }
        for r in store.roles()
        if r["cluster_id"] == cluster["id"]
    ]
    events = timeline(store, TimelineRequest(entity=cluster["id"]))
    as_agent = [e.as_dict() for e in events if e.agent == cluster["name"]]
    as_recipient = [e.as_dict() for e in events if e.recipient == cluster["name"]]
    dates = [d["date"] for d in docs if d["date"]]
    return {
        "id": cluster["id"],
        "type": cluster["type"],
        "name": cluster["name"],
        "aliases": cluster["aliases"],
        "documents": docs,
        "roles": roles,
        "events_as_agent": as_agent,
        "events_as_recipient": as_recipient,
        "co_occurring": store.cooccurring(cluster["id"]),
        "first_seen": min(dates) if dates else None,
        "last_seen": max(dates) if dates else None,
    }


def parse_on(value: str) -> PartialDate:
    date = parse_date(value)
    if date is None:
        raise QueryError(f"--on {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    return date
