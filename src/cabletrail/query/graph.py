"""The network of the trove: entities as nodes; directive and request edges (agent →
recipient, from events) and correspondence edges (sender → recipient, from cables), with
counts and first and last dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cabletrail.query.record import resolve_entity
from cabletrail.store import Store


@dataclass
class Edge:
    source: str
    target: str
    kind: str  # directive | request | correspondence
    count: int = 0
    first: str | None = None
    last: str | None = None
    documents: set[str] = field(default_factory=set)

    def add(self, date: str | None, document: str) -> None:
        self.count += 1
        self.documents.add(document)
        if date:
            self.first = min(self.first or date, date)
            self.last = max(self.last or date, date)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "kind": self.kind,
            "count": self.count,
            "first": self.first,
            "last": self.last,
            "documents": len(self.documents),
        }


def graph(store: Store, entity: str | None = None, depth: int = 2) -> dict[str, Any]:
    """Nodes and edges; with ``entity``, only what lies within ``depth`` steps of it.

    With an entity only the documents that mention the entities reached so far are read: an
    edge joins two entities linked in its document, so it lies in a document of each end."""
    edges: dict[tuple[str, str, str], Edge] = {}
    names: dict[str, str] = {}
    seen_docs: set[str] = set()

    def edge(a: str, b: str, kind: str, date: str | None, doc: str) -> None:
        if a != b:
            edges.setdefault((a, b, kind), Edge(a, b, kind)).add(date, doc)

    def read(doc_ids: list[str] | None) -> None:
        for r in store.relations(doc_ids):
            names[r["source"]], names[r["target"]] = r["source_name"], r["target_name"]
            edge(r["source"], r["target"], r["kind"], r["date"], r["document_id"])

    if entity is None:
        read(None)
        chosen = list(edges.values())
    else:
        start = resolve_entity(store, entity)["id"]
        keep, frontier = {start}, {start}
        for _ in range(depth):
            docs = {d["id"] for c in frontier for d in store.cluster_documents(c)} - seen_docs
            seen_docs |= docs
            read(sorted(docs))
            frontier = {
                e.target if e.source in frontier else e.source
                for e in edges.values()
                if e.source in frontier or e.target in frontier
            } - keep
            keep |= frontier
        # Edges between two of the farthest entities lie in their documents only.
        read(sorted({d["id"] for c in frontier for d in store.cluster_documents(c)} - seen_docs))
        chosen = [e for e in edges.values() if e.source in keep and e.target in keep]
    ids = sorted({e.source for e in chosen} | {e.target for e in chosen})
    wanted = set(ids)  # one read of the clusters, not a lookup per node
    types = {c["id"]: c["type"] for c in store.clusters() if c["id"] in wanted}
    return {
        "nodes": [{"id": i, "label": names.get(i, i), "type": types.get(i)} for i in ids],
        "edges": [e.as_dict() for e in sorted(chosen, key=lambda e: -e.count)],
    }


def graphml(data: dict[str, Any]) -> str:
    from xml.sax.saxutils import quoteattr

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '<key id="label" for="node" attr.name="label" attr.type="string"/>',
        '<key id="type" for="node" attr.name="type" attr.type="string"/>',
        '<key id="kind" for="edge" attr.name="kind" attr.type="string"/>',
        '<key id="count" for="edge" attr.name="count" attr.type="int"/>',
        '<key id="first" for="edge" attr.name="first" attr.type="string"/>',
        '<key id="last" for="edge" attr.name="last" attr.type="string"/>',
        '<graph id="cabletrail" edgedefault="directed">',
    ]
    for n in data["nodes"]:
        out.append(
            f'<node id={quoteattr(n["id"])}><data key="label">{_text(n["label"])}'
            f'</data><data key="type">{_text(n["type"] or "")}</data></node>'
        )
    for i, e in enumerate(data["edges"]):
        out.append(
            f'<edge id="e{i}" source={quoteattr(e["source"])} '
            f'target={quoteattr(e["target"])}><data key="kind">{e["kind"]}</data>'
            f'<data key="count">{e["count"]}</data>'
            f'<data key="first">{_text(e["first"] or "")}</data>'
            f'<data key="last">{_text(e["last"] or "")}</data></edge>'
        )
    out += ["</graph>", "</graphml>"]
    return "\n".join(out) + "\n"


def gexf(data: dict[str, Any]) -> str:
    from xml.sax.saxutils import quoteattr

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
        '<graph defaultedgetype="directed">',
        '<attributes class="edge"><attribute id="kind" title="kind" type="string"/></attributes>',
        "<nodes>",
    ]
    out += [f"<node id={quoteattr(n['id'])} label={quoteattr(n['label'])}/>" for n in data["nodes"]]
    out.append("</nodes><edges>")
    out += [
        f'<edge id="e{i}" source={quoteattr(e["source"])} target={quoteattr(e["target"])} '
        f'weight="{e["count"]}"><attvalues><attvalue for="kind" value="{e["kind"]}"/>'
        "</attvalues></edge>"
        for i, e in enumerate(data["edges"])
    ]
    out += ["</edges>", "</graph>", "</gexf>"]
    return "\n".join(out) + "\n"


def _text(value: str) -> str:
    from xml.sax.saxutils import escape

    return escape(value)
