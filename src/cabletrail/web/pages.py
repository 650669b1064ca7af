"""What each page shows, as plain data: the HTML template and the JSON twin of a route are
both made from one of these functions, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from cabletrail.errors import QueryError
from cabletrail.model import PartialDate, SearchRequest, parse_date, review
from cabletrail.query.graph import graph
from cabletrail.query.record import TimelineRequest, entity_profile, timeline
from cabletrail.query.search import parse_query, snippet_html
from cabletrail.store import Store
from cabletrail.web import highlight

PAGE = 20
TIMELINE_PAGE = 100
EVENT_TYPES = review.EVENT_TYPES


def date_param(value: str | None, name: str) -> PartialDate | None:
    if not value:
        return None
    date = parse_date(value)
    if date is None:
        raise QueryError(f"{name}={value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    return date


def count_param(value: str | None, name: str, default: int, most: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise QueryError(f"{name}={value!r} is not a whole number") from None
    if not 0 <= number <= most:
        raise QueryError(f"{name}={value!r} must be between 0 and {most}")
    return number


def query_params(query: str) -> dict[str, Any]:
    """A query string as the filters read it: ``type`` may repeat."""
    out: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=False):
        if key == "type":
            out.setdefault("type", []).append(value)
        else:
            out[key] = value
    return out


@dataclass
class Filters:
    """The filters of the search, timeline and brief pages, from the query string."""

    q: str = ""
    date_from: str = ""
    date_to: str = ""
    collection: str = ""
    topic: str = ""
    sender: str = ""
    recipient: str = ""
    entity: str = ""
    types: list[str] = field(default_factory=list)
    offset: int = 0

    @classmethod
    def of(cls, params: dict[str, Any]) -> Filters:
        def one(name: str) -> str:
            value = params.get(name)
            return value.strip() if isinstance(value, str) else ""

        types = params.get("type") or []
        if isinstance(types, str):
            types = [types]
        chosen = [t for raw in types for t in raw.upper().split(",") if t]
        unknown = [t for t in chosen if t not in EVENT_TYPES]
        if unknown:
            raise QueryError(f"unknown event type {unknown[0]!r}; known: {', '.join(EVENT_TYPES)}")
        return cls(
            one("q"),
            one("from"),
            one("to"),
            one("collection"),
            one("topic"),
            one("sender"),
            one("recipient"),
            one("entity"),
            chosen,
            count_param(one("offset"), "offset", 0, 1_000_000),
        )

    def params(self, **changes: Any) -> dict[str, Any]:
        values = {
            "q": self.q,
            "from": self.date_from,
            "to": self.date_to,
            "collection": self.collection,
            "topic": self.topic,
            "sender": self.sender,
            "recipient": self.recipient,
            "entity": self.entity,
            "type": ",".join(self.types),
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in ("", None, 0)}

    def url(self, path: str, **changes: Any) -> str:
        """``path`` with these filters and ``changes`` as its query string."""
        query = urlencode(self.params(**changes))
        return f"{path}?{query}" if query else path

    def search_request(self, limit: int = PAGE) -> SearchRequest:
        return SearchRequest(
            parse_query(self.q) if self.q else None,
            date_param(self.date_from, "from"),
            date_param(self.date_to, "to"),
            self.collection or None,
            None,
            self.sender or None,
            self.recipient or None,
            self.topic or None,
            self.entity or None,
            limit,
            self.offset,
        )


def search_page(store: Store, filters: Filters) -> dict[str, Any]:
    request = filters.search_request()
    page = store.search(request)
    facets = store.facets(request)
    return {
        "filters": filters.params(),
        "total": page.total,
        "offset": filters.offset,
        "limit": PAGE,
        "results": [
            {
                "id": h.id,
                "title": h.title,
                "date": h.date.value if h.date else None,
                "source": h.source,
                "collection": h.collection,
                "snippet": h.snippet.text,
                "marks": [list(m) for m in h.snippet.marks],
                "snippet_html": snippet_html(h.snippet),
                "score": h.score,
            }
            for h in page.hits
        ],
        "facets": facets,
    }


def document_page(store: Store, doc_id: str, cited: tuple[int, int] | None) -> dict[str, Any]:
    doc = store.get_document(doc_id)
    record = store.get_extraction(doc.id)
    facts: dict[str, Any] = {}
    found: list[highlight.Mark] = []
    reviews: dict[str, dict[str, Any]] = {}
    if record is not None:
        kinds = ("entities", "timexes", "events", "roles", "quotes", "topics")
        facts = {k: record.get(k, []) for k in kinds}
        found = highlight.marks(record)
        by_span = {(r["start"], r["end"]): r for r in store.reviews(doc.id)}
        for v in facts["events"]:
            t = v.get("trigger") or {}
            if (t.get("start"), t.get("end")) in by_span:
                reviews[v["id"]] = by_span[(t.get("start"), t.get("end"))]
    if cited is not None:
        found.append(highlight.Mark(cited[0], cited[1], "cited", "cited", "the cited passage"))
    return {
        "document": doc.as_dict(text=False),
        "text": doc.text,
        "reviews": reviews,
        "analysed": record is not None,
        "facts": facts,
        "runs": highlight.runs(doc.text, found),
        "cited": list(cited) if cited else None,
    }


def timeline_page(store: Store, filters: Filters, limit: int = TIMELINE_PAGE) -> dict[str, Any]:
    items = timeline(
        store,
        TimelineRequest(
            entity=filters.entity or None,
            topic=filters.topic or None,
            types=filters.types,
            query=filters.q or None,
            date_from=date_param(filters.date_from, "from"),
            date_to=date_param(filters.date_to, "to"),
            limit=limit + 1,  # one more than shown says whether a next page exists
            offset=filters.offset,
        ),
    )
    return {
        "filters": filters.params(),
        "offset": filters.offset,
        "limit": limit,
        "more": len(items) > limit,
        "events": [i.as_dict() for i in items[:limit]],
    }


def entity_page(store: Store, entity_id: str) -> dict[str, Any]:
    profile = entity_profile(store, entity_id)
    profile["network"] = graph(store, profile["id"], depth=1)
    return profile


def entities_page(store: Store, q: str) -> dict[str, Any]:
    found = store.find_clusters(q) if q else store.clusters()
    return {
        "q": q,
        "total": len(found),
        "entities": [
            {k: c.get(k) for k in ("id", "type", "name", "aliases", "documents", "mentions")}
            for c in found[:200]
        ],
    }


def graph_page(store: Store, entity: str, depth: int, kinds: list[str]) -> dict[str, Any]:
    data = graph(store, entity or None, depth)
    if kinds:
        data["edges"] = [e for e in data["edges"] if e["kind"] in kinds]
        used = {e["source"] for e in data["edges"]} | {e["target"] for e in data["edges"]}
        data["nodes"] = [n for n in data["nodes"] if n["id"] in used]
    return {"entity": entity or None, "depth": depth, "kinds": kinds, **data}
