"""The query tree as an SQLite FTS5 MATCH expression."""

from __future__ import annotations

from cabletrail.model.query import And, Node, Not, Or, Phrase, Term


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def to_fts5(node: Node) -> str:
    if isinstance(node, Term):
        return _quote(node.word) + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return _quote(" ".join(node.words))
    if isinstance(node, And):
        return "(" + " AND ".join(to_fts5(p) for p in node.parts) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(p) for p in node.parts) + ")"
    assert isinstance(node, Not)
    return f"({to_fts5(node.keep)} NOT {to_fts5(node.drop)})"
