"""Pictures drawn on the server as SVG data for the templates, so they read without
JavaScript: the date histogram of a search and the layout of a network (networkx)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT = 760, 460


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


def histogram(counts: list[dict[str, Any]], width: int = 300, height: int = 80) -> list[Bar]:
    """Bars for ``[{"value": year, "count": n}]``, in the order given, scaled to fit."""
    if not counts:
        return []
    top = max(c["count"] for c in counts) or 1
    step = width / len(counts)
    bars = []
    for i, c in enumerate(counts):
        h = max(1.0, (height - 14) * c["count"] / top)
        bars.append(
            Bar(str(c["value"]), int(c["count"]), i * step, height - h, max(1.0, step - 1), h)
        )
    return bars


@dataclass(frozen=True)
class Placed:
    id: str
    label: str
    type: str | None
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str
    count: int
    width: float
    title: str


def layout(
    data: dict[str, Any], max_edges: int = 150, seed: int = 7
) -> tuple[list[Placed], list[Line]]:
    """A force-directed layout of the heaviest ``max_edges`` edges of a graph (query.graph
    shape), scaled into the picture; the same graph always lands the same way."""
    import networkx as nx

    edges = data["edges"][:max_edges]
    labels = {n["id"]: (n["label"], n.get("type")) for n in data["nodes"]}
    g: nx.DiGraph[str] = nx.DiGraph()
    for e in edges:
        g.add_edge(e["source"], e["target"])
    if not g:
        return [], []
    pos = nx.spring_layout(g, seed=seed, k=1.6 / max(1, len(g)) ** 0.5)
    xs = [float(p[0]) for p in pos.values()]
    ys = [float(p[1]) for p in pos.values()]
    pad, label_room = 30.0, 150.0  # labels are written to the right of their node

    def sx(v: float) -> float:
        span = (max(xs) - min(xs)) or 1.0
        return pad + (v - min(xs)) / span * (WIDTH - 2 * pad - label_room)

    def sy(v: float) -> float:
        span = (max(ys) - min(ys)) or 1.0
        return pad + (v - min(ys)) / span * (HEIGHT - 2 * pad)

    degree = dict(g.degree())
    nodes = [
        Placed(
            n,
            labels.get(n, (n, None))[0],
            labels.get(n, (n, None))[1],
            round(sx(float(pos[n][0])), 1),
            round(sy(float(pos[n][1])), 1),
            round(4 + min(10, degree[n]) * 0.8, 1),
        )
        for n in sorted(g)
    ]
    top = max(e["count"] for e in edges) or 1
    lines = [
        Line(
            round(sx(float(pos[e["source"]][0])), 1),
            round(sy(float(pos[e["source"]][1])), 1),
            round(sx(float(pos[e["target"]][0])), 1),
            round(sy(float(pos[e["target"]][1])), 1),
            e["kind"],
            e["count"],
            round(1 + 4 * e["count"] / top, 1),
            f"{labels.get(e['source'], (e['source'],))[0]} → "
            f"{labels.get(e['target'], (e['target'],))[0]}: {e['kind']} ×{e['count']}",
        )
        for e in edges
    ]
    return nodes, lines
