"""Cluster the entities of every document into trove-wide entities.

Two document entities are one when they share a key (:mod:`cabletrail.resolve.names`): their
name or a multi-word alias, folded for case, spacing and romanisation. A bare family name
never links documents (too many people share one); within a document the extraction has
already joined it to its full name. Human corrections (`entity merge`, `entity split`) are
stored as overrides on keys and applied on every run, so they survive re-runs; cluster ids
are content hashes of the cluster's first key, so they are stable across runs.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from cabletrail.model import sha256_hex
from cabletrail.resolve.names import entity_key, plain
from cabletrail.store import Store


@dataclass
class Cluster:
    id: str
    type: str
    name: str
    aliases: list[str]
    keys: list[str]
    documents: int
    mentions: int


@dataclass
class ResolveSummary:
    document_entities: int = 0
    clusters: int = 0
    merged: int = 0  # document entities joined to another document's
    overrides: int = 0
    seconds: float = 0.0
    largest: list[tuple[str, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "document_entities": self.document_entities,
            "clusters": self.clusters,
            "merged": self.merged,
            "overrides": self.overrides,
            "seconds": round(self.seconds, 3),
            "largest": [{"name": n, "documents": d} for n, d in self.largest],
        }


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _keys(kind: str, name: str, aliases: list[str]) -> tuple[str, list[str]]:
    primary = entity_key(kind, name)
    keys = [primary]
    for alias in aliases:
        if kind == "PERSON" and len(alias.split()) < 2:
            continue  # a lone surname or title links nothing across documents
        if len(plain(alias)) < 2:
            continue
        keys.append(entity_key(kind, alias))
    return primary, keys


def cluster_id(kind: str, key: str) -> str:
    return "E" + sha256_hex(f"{kind}\n{key}".encode())[:12]


def resolve(store: Store) -> ResolveSummary:
    """Cluster every document entity of ``store`` and store the result with its evidence."""
    started = time.monotonic()
    clusters, links, summary = cluster_entities(store.entity_facts(), store.entity_overrides())
    store.save_resolution([c.__dict__ for c in clusters], links)
    store.commit()
    summary.seconds = time.monotonic() - started
    return summary


def cluster_entities(
    rows: list[dict[str, Any]], overrides: list[dict[str, Any]]
) -> tuple[list[Cluster], list[dict[str, Any]], ResolveSummary]:
    """Document entities (``Store.entity_facts`` rows) → trove-wide entities and the link of
    each document entity to its entity, with evidence. Pure: the same rows and corrections
    always give the same clusters and ids."""
    # A split names a spelling: document entities written that way stand apart from the rest.
    split = {o["a"].casefold() for o in overrides if o["action"] == "split"}
    uf = _UnionFind()
    nodes: list[tuple[dict[str, Any], str, list[str]]] = []
    for row in rows:
        primary, keys = _keys(row["type"], row["name"], row["aliases"])
        if row["name"].casefold() in split:
            primary = f"{row['type']}:split:{row['name'].casefold()}"
            keys = [primary]
        node = f"{row['document_id']}#{row['fact_id']}"
        for key in keys:
            if key.split(":", 1)[1]:
                uf.union(node, "K" + key)
        nodes.append((row, primary, keys))
    for o in overrides:
        if o["action"] == "merge" and o["b"]:
            uf.union("K" + o["a"], "K" + o["b"])

    members: dict[str, list[tuple[dict[str, Any], str]]] = defaultdict(list)
    for row, primary, _ in nodes:
        node = f"{row['document_id']}#{row['fact_id']}"
        members[uf.find(node)].append((row, primary))

    clusters: list[Cluster] = []
    links: list[dict[str, Any]] = []
    summary = ResolveSummary(document_entities=len(rows), overrides=len(overrides))
    for group in members.values():
        kinds = Counter(r["type"] for r, _ in group)
        kind = kinds.most_common(1)[0][0]
        primaries = sorted({p for _, p in group})
        names = Counter(r["name"] for r, _ in group)
        name = max(names, key=lambda n: (names[n], len(n)))
        aliases = sorted({a for r, _ in group for a in [r["name"], *r["aliases"]]} - {name})
        cid = cluster_id(kind, primaries[0])
        docs = {r["document_id"] for r, _ in group}
        clusters.append(
            Cluster(
                cid,
                kind,
                name,
                aliases[:50],
                primaries,
                len(docs),
                sum(r["mentions"] for r, _ in group),
            )
        )
        summary.merged += len(group) - 1
        for r, primary in group:
            same = primary == primaries[0]
            links.append(
                {
                    "document_id": r["document_id"],
                    "fact_id": r["fact_id"],
                    "cluster_id": cid,
                    "score": 1.0 if same or primary in primaries else 0.9,
                    "evidence": "same name"
                    if len(primaries) == 1
                    else f"shares a name with {', '.join(primaries[:3])}",
                }
            )
    summary.clusters = len(clusters)
    summary.largest = [
        (c.name, c.documents) for c in sorted(clusters, key=lambda c: -c.documents)[:5]
    ]
    return clusters, links, summary
