"""Open a store from a location string."""

from __future__ import annotations

from pathlib import Path

from cabletrail.store.base import Store


def open_store(location: str | Path, *, create: bool = False) -> Store:
    """Open the store at ``location``: a directory (SQLite) or a ``postgresql://`` DSN;
    ``create`` makes it if missing (in a DSN's database, which must exist)."""
    text = str(location)
    if text.startswith(("postgres://", "postgresql://")):
        from cabletrail.store.postgres import PostgresStore

        return PostgresStore(text, create=create)
    from cabletrail.store.sqlite import SQLiteStore

    return SQLiteStore(Path(location), create=create)
