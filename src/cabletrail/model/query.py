"""The search query tree. Parsed from user syntax in :mod:`cabletrail.query`; each store
translates it to its own engine (FTS5 for SQLite)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One word; ``prefix`` for ``negotiat*``."""

    word: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words that must appear in this order: ``"human rights"``."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """``keep AND NOT drop`` — documents matching ``keep`` but not ``drop``."""

    keep: Node
    drop: Node


Node = Term | Phrase | And | Or | Not
