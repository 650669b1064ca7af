"""The store interface. Ingest and query code talk to this protocol only, so a PostgreSQL
backend can be added without touching them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from cabletrail.model import (
    Document,
    FileOutcome,
    PartialDate,
    SearchPage,
    SearchRequest,
    StoreStats,
)


@dataclass(frozen=True)
class FileState:
    path: str
    sha256: str
    status: str
    attempts: int


@dataclass(frozen=True)
class EventPage:
    """A page of a timeline, cut in the store: events in timeline order (own date, else the
    document's; first day, last day, document), within the dates, ``limit`` from ``offset``."""

    limit: int | None = None
    offset: int = 0
    date_from: PartialDate | None = None
    date_to: PartialDate | None = None


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

    def rollback(self) -> None:
        """Drop what was written since the last commit."""

    # --- reading ----------------------------------------------------------------------------
    def get_document(self, id_or_prefix: str) -> Document: ...

    def document_ids(self, all_versions: bool = False) -> list[str]:
        """Ids of the stored documents (current versions unless ``all_versions``), in order."""

    def read_original(self, sha256: str) -> bytes: ...

    def search(self, request: SearchRequest) -> SearchPage: ...

    def facets(self, request: SearchRequest, size: int = 10) -> dict[str, list[dict[str, Any]]]:
        """Counts of the documents a search matches, by collection, topic, year, sender,
        recipient and entity: ``{facet: [{"value", "label", "count"}]}``, most first (years
        in order), at most ``size`` each."""

    def stats(self) -> StoreStats: ...

    # --- resolution and the record across documents ------------------------------------------
    def entity_facts(self) -> list[dict[str, Any]]:
        """Every document entity of the current documents: document_id, fact_id, type, name,
        aliases, mentions (count), date."""

    def entity_overrides(self) -> list[dict[str, Any]]: ...

    def resolution_stamp(self) -> str:
        """Changes whenever what a resolution is made from (entity facts, corrections) does."""

    def add_entity_override(self, action: str, a: str, b: str | None) -> None: ...

    def save_resolution(self, clusters: list[dict[str, Any]], links: list[dict[str, Any]]) -> None:
        """Replace the trove-wide entities and their links."""

    def clusters(self) -> list[dict[str, Any]]:
        """Every trove-wide entity, most documents first."""

    def find_clusters(self, name_or_id: str) -> list[dict[str, Any]]:
        """Clusters whose id, name or an alias matches (case-insensitive), most documents first."""

    def event_chunks(
        self,
        cluster: str | None = None,
        types: list[str] | None = None,
        topic: str | None = None,
        doc_ids: list[str] | None = None,
        page: EventPage | None = None,
        size: int | None = None,
    ) -> Iterator[list[dict[str, Any]]]:
        """Events with their document's date, arguments resolved to clusters where resolved,
        in timeline order (own date, else the document's; first day, last day, document); with
        ``page``, only that page. In chunks (``size`` each, or growing from a short first one),
        each read when it is asked for."""

    def extractions(self, doc_ids: list[str] | None = None) -> list[dict[str, Any]]:
        """Every current document's extraction (only those of ``doc_ids`` when given):
        document_id, date, title, record, links (local entity id → (cluster id, name))."""

    def relations(self, doc_ids: list[str] | None = None) -> list[dict[str, Any]]:
        """Who acted on whom (of ``doc_ids`` when given): directive and request events (agent →
        recipient) and correspondence (a cable's sender → each recipient), between resolved
        entities: kind, source, target, source_name, target_name, date, document_id."""

    def roles(self) -> list[dict[str, Any]]:
        """Every role fact with its person's cluster, its time value and its document's date."""

    def topic_counts(self) -> list[dict[str, Any]]: ...

    def cluster_documents(self, cluster_id: str) -> list[dict[str, Any]]:
        """Documents that mention a cluster: id, date, title, in date order."""

    def cooccurring(self, cluster_id: str, limit: int = 10) -> list[dict[str, Any]]:
        """Clusters mentioned in the most documents together with this one."""

    def files(self, status: str | None = None) -> list[FileOutcome]: ...

    # --- facts (extract) ----------------------------------------------------------------------
    def stale_documents(self, version: str, config_hash: str) -> list[str]:
        """Ids of current documents with no extraction by this version and config, oldest
        first: new, changed, or extracted by an older extractor."""

    def save_extraction(self, record: dict[str, Any]) -> None:
        """Store a record of spec/extraction.md, replacing the document's earlier facts."""

    def add_review(
        self,
        document_id: str,
        fact_id: str,
        action: str,
        correction: dict[str, Any],
        reviewer: str,
    ) -> dict[str, Any]:
        """Record a checked review (:func:`cabletrail.model.review.check_review`) of an event
        and put it in force; it is applied again whenever the document is re-analysed."""

    def reviews(self, document_id: str | None = None) -> list[dict[str, Any]]:
        """Every review (of one document), oldest first, with who made it and when."""

    # --- accounts (team mode) ------------------------------------------------------------------
    def add_user(self, name: str, password_hash: str, role: str) -> None: ...

    def get_user(self, name: str) -> dict[str, Any] | None:
        """name, password (hash), role, disabled, created_at; None if there is none."""

    def users(self) -> list[dict[str, Any]]: ...

    def update_user(
        self,
        name: str,
        *,
        role: str | None = None,
        disabled: bool | None = None,
        password_hash: str | None = None,
    ) -> None:
        """Change a user; disabling or a new password ends the user's sessions."""

    def start_session(self, id_hash: str, user: str, csrf: str, now: float) -> None: ...

    def get_session(self, id_hash: str) -> dict[str, Any] | None:
        """The session with its user's role and disabled flag, or None."""

    def touch_session(self, id_hash: str, now: float) -> None: ...

    def end_session(self, id_hash: str) -> None: ...

    def grant(self, user: str, collection: str, level: str | None) -> None:
        """Let ``user`` read or write ``collection``; ``level`` None takes the grant away."""

    def grants(self, user: str) -> dict[str, str]:
        """collection → read | write, for one user."""

    def set_scope(
        self,
        collections: frozenset[str] | None,
        resolution: tuple[str, list[dict[str, Any]], list[dict[str, Any]]] | None = None,
    ) -> None:
        """From now on read only documents of these collections (None: all), and every
        count and fact derived from them: what a team member may see. Entities come from
        ``resolution`` (a key, clusters and links as ``save_resolution`` takes them, made
        from the scope's own ``entity_facts``), never from the stored resolution, which may
        join names on evidence elsewhere; without one the scope has no entities."""

    def add_token(self, token_hash: str, user: str, label: str) -> None: ...

    def token_user(self, token_hash: str) -> dict[str, Any] | None:
        """The user (name, role, disabled) an API token belongs to, or None."""

    def add_audit(self, user: str | None, action: str, target: str, status: int) -> None: ...

    def audit(self, user: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """The audit log, newest first: at, user, action, target, status."""

    def save_search(self, name: str, query: str, owner: str) -> None:
        """Keep a search page's query string under ``name`` (replacing one of that name)."""

    def saved_searches(self, owner: str | None = None) -> list[dict[str, Any]]:
        """Saved searches (of one owner): name, query, owner, saved_at; by name."""

    def get_extraction(self, doc_id: str) -> dict[str, Any] | None:
        """The stored record of a document (with its text), or None if never extracted."""
