"""The records that pass between stages. Declared once; the store DDL mirrors them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cabletrail.model.dates import PartialDate


class DateSource(StrEnum):
    """Where a document's date came from, best first."""

    METADATA = "metadata"  # front matter, record field, e-mail Date, PDF/DOCX properties
    HEADER = "header"  # cable date-time group, UN "Distr.:" line
    DATELINE = "dateline"  # "Cablegram 231, CANBERRA, 14 May 1948, 2.25 p.m."
    FILE_TIME = "file_time"  # modification time of the file or archive member
    NONE = "none"


class FileStatus(StrEnum):
    OK = "ok"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    STARTED = "started"  # seen but not finished: a killed ingest; the next run redoes it


@dataclass
class ParsedDocument:
    """What a format parser reads out of one file or record, before metadata is merged.

    ``metadata`` uses the keys of the extraction spec where they apply (``from``, ``to``,
    ``subject``, ``classification``, ``tags``…); ``date`` is the explicit metadata date, if any.
    ``record`` names the record inside a collection file (``None`` for a whole file).
    """

    text: str
    title: str | None = None
    date: PartialDate | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    record: str | None = None
    record_key: str | None = None  # a stable id from the record itself, for versioning
    record_bytes: bytes | None = None  # the record's own canonical bytes (its id source)


@dataclass(frozen=True)
class Document:
    """A stored document: normalised text plus metadata, tied to its original bytes."""

    id: str
    source: str
    collection: str
    format: str
    text: str
    blob: str
    record: str | None = None
    title: str | None = None
    date: PartialDate | None = None
    date_source: DateSource = DateSource.NONE
    encoding: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    previous_version: str | None = None
    superseded_by: str | None = None
    ingested_at: str = ""

    def as_dict(self, text: bool = True) -> dict[str, Any]:
        """The document as JSON: every field, the text only with ``text``."""
        out: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "date": self.date.value if self.date else None,
            "date_source": str(self.date_source),
            "source": self.source,
            "collection": self.collection,
            "format": self.format,
            "encoding": self.encoding,
            "record": self.record,
            "original_sha256": self.blob,
            "previous_version": self.previous_version,
            "superseded_by": self.superseded_by,
            "ingested_at": self.ingested_at,
            "metadata": self.metadata,
        }
        if text:
            out["text"] = self.text
        return out

    @property
    def sender(self) -> str | None:
        value = self.metadata.get("from")
        return value if isinstance(value, str) else None

    @property
    def recipients(self) -> list[str]:
        value = self.metadata.get("to") or []
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    @property
    def tags(self) -> list[str]:
        value = self.metadata.get("tags") or []
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


@dataclass(frozen=True)
class FileOutcome:
    """The final status of one file seen by ingest."""

    path: str
    status: FileStatus
    reason: str = ""
    documents: int = 0
    duplicates: int = 0
    sha256: str = ""
    format: str = ""
    attempts: int = 0

    @property
    def label(self) -> str:
        return f"failed:{self.reason}" if self.status is FileStatus.FAILED else str(self.status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": str(self.status),
            "reason": self.reason,
            "documents": self.documents,
            "format": self.format,
            "sha256": self.sha256,
            "attempts": self.attempts,
        }


@dataclass
class IngestSummary:
    files: int = 0
    ok: int = 0
    duplicate: int = 0
    failed: int = 0
    documents_added: int = 0
    documents_duplicate: int = 0
    bytes_read: int = 0
    seconds: float = 0.0
    failures: list[FileOutcome] = field(default_factory=list)

    def count(self, outcome: FileOutcome) -> None:
        self.files += 1
        self.documents_added += outcome.documents
        self.documents_duplicate += outcome.duplicates
        if outcome.status is FileStatus.OK:
            self.ok += 1
        elif outcome.status is FileStatus.DUPLICATE:
            self.duplicate += 1
        else:
            self.failed += 1
            self.failures.append(outcome)

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "by_status": {"ok": self.ok, "duplicate": self.duplicate, "failed": self.failed},
            "documents_added": self.documents_added,
            "documents_duplicate": self.documents_duplicate,
            "bytes_read": self.bytes_read,
            "seconds": round(self.seconds, 3),
            "failures": [{"path": f.path, "reason": f.reason} for f in self.failures],
        }


@dataclass(frozen=True)
class SearchRequest:
    """A parsed query plus filters; ``query`` is a tree from :mod:`cabletrail.model.query`."""

    query: Any
    date_from: PartialDate | None = None
    date_to: PartialDate | None = None
    collection: str | None = None
    tag: str | None = None
    sender: str | None = None
    recipient: str | None = None
    topic: str | None = None
    entity: str | None = None  # a trove-wide entity (cluster) id the documents mention
    limit: int = 20
    offset: int = 0
    all_versions: bool = False


@dataclass(frozen=True)
class Snippet:
    """A passage of a document's text with the matched stretches as offsets into it."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str | None
    date: PartialDate | None
    source: str
    collection: str
    snippet: Snippet
    score: float


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    total: int


@dataclass(frozen=True)
class StoreStats:
    documents: int
    by_status: dict[str, int]
    collections: dict[str, int]
    date_range: tuple[str, str] | None
    date_sources: dict[str, int]
    formats: dict[str, int]
    files: int
    bytes: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "files": self.files,
            "bytes": self.bytes,
            "by_status": self.by_status,
            "collections": self.collections,
            "date_range": list(self.date_range) if self.date_range else None,
            "date_sources": self.date_sources,
            "formats": self.formats,
        }
