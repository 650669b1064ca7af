"""The store: documents, originals and facts. :class:`Store` is the interface every backend
implements; :func:`open_store` picks the backend from the location."""

from cabletrail.store.base import EventPage, FileState, Store
from cabletrail.store.open import open_store

__all__ = ["EventPage", "FileState", "Store", "open_store"]
