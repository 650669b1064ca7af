"""Open a store from a location string."""

from __future__ import annotations

from pathlib import Path

from cabletrail.errors import StoreError
from cabletrail.store.base import Store


def open_store(location: str | Path, *, create: bool = False) -> Store:
    """Open the store at ``location`` (a directory); ``create`` makes it if missing."""
    text = str(location)
    if text.startswith(("postgres://", "postgresql://")):
        raise StoreError(
            f"PostgreSQL stores are not available yet ({text.split('@')[-1]}); "
            "use a directory path for the embedded SQLite store"
        )
    from cabletrail.store.sqlite import SQLiteStore

    return SQLiteStore(Path(location), create=create)
