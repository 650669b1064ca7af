"""The store interface. Ingest and query code talk to this protocol only, so a PostgreSQL
backend can be added without touching them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from cabletrail.model import Document, FileOutcome, SearchPage, SearchRequest, StoreStats


@dataclass(frozen=True)
class FileState:
    path: str
    sha256: str
    status: str
    attempts: int


class Store(Protocol):
    location: str

    def close(self) -> None: ...

    # --- writing (ingest) -------------------------------------------------------------------
    def file_state(self, path: str) -> FileState | None: ...

    def start_file(self, path: str, sha256: str, size: int) -> None:
        """Record that ``path`` is being processed (status ``started``, attempts + 1)."""

    def finish_file(self, outcome: FileOutcome, size: int) -> None: ...

    def has_document(self, doc_id: str) -> bool: ...

    def put_original(self, data: bytes) -> str:
        """Keep the original bytes; return their sha256. Idempotent."""

    def add_document(self, document: Document, source_key: str | None) -> Document:
        """Insert a new document; link it to the previous version under ``source_key``."""

    def commit(self) -> None:
        """Make everything written so far durable (acknowledged)."""

    # --- reading ----------------------------------------------------------------------------
    def get_document(self, id_or_prefix: str) -> Document: ...

    def document_ids(self, all_versions: bool = False) -> list[str]:
        """Ids of the stored documents (current versions unless ``all_versions``), in order."""

    def read_original(self, sha256: str) -> bytes: ...

    def search(self, request: SearchRequest) -> SearchPage: ...

    def stats(self) -> StoreStats: ...

    def files(self, status: str | None = None) -> list[FileOutcome]: ...

    # --- facts (extract) ----------------------------------------------------------------------
    def stale_documents(self, version: str, config_hash: str) -> list[str]:
        """Ids of current documents with no extraction by this version and config, oldest
        first: new, changed, or extracted by an older extractor."""

    def save_extraction(self, record: dict[str, Any]) -> None:
        """Store a record of spec/extraction.md, replacing the document's earlier facts."""

    def get_extraction(self, doc_id: str) -> dict[str, Any] | None:
        """The stored record of a document (with its text), or None if never extracted."""
