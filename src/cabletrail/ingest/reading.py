"""Bytes → documents, without a store: identify the format, parse, merge metadata.

Shared by ingest (which then stores) and by ``cabletrail extract`` (which reads files
directly). Archives are expanded by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cabletrail.errors import CabletrailError, InputError
from cabletrail.ingest.dispatch import BY_NAME, Format, detect
from cabletrail.ingest.formats import archive
from cabletrail.ingest.formats.base import ParseContext, ParseResult
from cabletrail.ingest.metadata import merge
from cabletrail.model import Document, FileOutcome, FileStatus, sha256_hex
from cabletrail.settings import Settings


@dataclass
class ParsedFile:
    format: str
    documents: list[tuple[Document, str | None]]  # (document, version key)
    notes: list[str] = field(default_factory=list)


def file_name(path: str) -> str:
    return PurePosixPath(path.replace("!", "/")).name


def identify(path: str, data: bytes, settings: Settings) -> Format:
    """The format of a file's bytes; :class:`InputError` for what cannot be read."""
    if len(data) > settings.max_file_bytes:
        raise InputError(
            "too-large", f"{len(data)} bytes > max_file_bytes {settings.max_file_bytes}"
        )
    return detect(data, file_name(path))


Parser = Callable[[str, bytes, ParseContext], ParseResult]


def in_process(fmt_name: str, data: bytes, ctx: ParseContext) -> ParseResult:
    """Run a parser in this process (ingest runs it in the sandbox, under limits)."""
    parse = BY_NAME[fmt_name].parse
    assert parse is not None
    try:
        return parse(data, ctx)
    except CabletrailError:
        raise
    except RecursionError:
        raise InputError("parser-error", "nesting too deep") from None
    except Exception as exc:  # a parser bug on hostile input must not stop the batch
        raise InputError("parser-error", f"{type(exc).__name__}: {exc}"[:200]) from None


def parse_documents(
    path: str,
    data: bytes,
    digest: str,
    mtime: float | None,
    collection: str,
    fmt: Format,
    fields: Mapping[str, str],
    parser: Parser | None = None,
) -> ParsedFile:
    """The documents in one (non-archive) file, each with the key its versions are linked by.

    A document's ``blob`` is the file's sha256; its id is that too, or for a record inside a
    collection the sha256 of the record's canonical bytes.
    """
    assert fmt.parse is not None
    name = file_name(path)
    result = (parser or in_process)(fmt.name, data, ParseContext(name, dict(fields)))
    documents: list[tuple[Document, str | None]] = []
    empty = 0
    for parsed in result.documents:
        if not parsed.text.strip():
            empty += 1
            continue
        doc_id = sha256_hex(parsed.record_bytes) if parsed.record_bytes is not None else digest
        merged = merge(parsed, name, mtime)
        key: str | None = path
        source = path
        if parsed.record is not None:
            source = f"{path}#{parsed.record}"
            key = f"{path}#{parsed.record_key}" if parsed.record_key else None
        documents.append(
            (
                Document(
                    id=doc_id,
                    source=source,
                    collection=collection,
                    format=fmt.name,
                    text=parsed.text,
                    blob=digest,
                    record=parsed.record,
                    title=merged.title,
                    date=merged.date,
                    date_source=merged.date_source,
                    encoding=result.encoding,
                    metadata=merged.metadata,
                ),
                key,
            )
        )
    notes = list(result.notes)
    if empty:
        notes.append(f"{empty} document(s) without text skipped")
    if not documents:
        raise InputError("no-text", "; ".join(notes) or "no text in the file")
    return ParsedFile(fmt.name, documents, notes)


def read_documents(
    paths: Sequence[Path], fields: Mapping[str, str] | None = None, settings: Settings | None = None
) -> Iterator[Document | FileOutcome]:
    """Every document under ``paths`` (archives expanded), or a failed outcome per file that
    cannot be read. No store is involved."""
    from cabletrail.ingest.runner import collect_inputs

    settings = settings or Settings()
    for item in collect_inputs(paths, None):
        path = str(item.path)
        try:
            data = item.path.read_bytes()
            mtime: float | None = item.path.stat().st_mtime
        except OSError as exc:
            yield FileOutcome(path, FileStatus.FAILED, f"unreadable: {exc.strerror}")
            continue
        yield from _read(path, data, mtime, item.collection, fields or {}, settings, 0)


def _read(
    path: str,
    data: bytes,
    mtime: float | None,
    collection: str,
    fields: Mapping[str, str],
    settings: Settings,
    depth: int,
) -> Iterator[Document | FileOutcome]:
    digest = sha256_hex(data)
    try:
        fmt = identify(path, data, settings)
        if fmt.parse is None:
            if depth >= settings.max_archive_depth:
                raise InputError("too-deep", f"archive nested deeper than {depth} levels")
            for member in archive.members(data, archive.Limits.of(settings)):
                member_path = f"{path}!{member.name}"
                if member.error is not None:
                    yield FileOutcome(member_path, FileStatus.FAILED, member.error.reason)
                    continue
                yield from _read(
                    member_path, member.data, member.mtime, collection, fields, settings, depth + 1
                )
            return
        for document, _key in parse_documents(
            path, data, digest, mtime, collection, fmt, fields
        ).documents:
            yield document
    except InputError as exc:
        reason = f"{exc.reason}: {exc.detail}" if exc.detail else exc.reason
        yield FileOutcome(path, FileStatus.FAILED, reason, sha256=digest)
