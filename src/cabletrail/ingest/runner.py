"""Ingest: walk paths, identify each file, parse it, and store documents and originals.

Every file ends with a status (``ok``, ``duplicate``, ``failed:<reason>``); a bad file never
stops the batch. Writes are committed in batches; a killed run leaves files marked ``started``
and the next run redoes them without duplicating what was already stored.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from cabletrail.errors import InputError
from cabletrail.ingest.formats import archive
from cabletrail.ingest.formats.collection import check_fields
from cabletrail.ingest.reading import identify, parse_documents
from cabletrail.ingest.sandbox import Sandbox
from cabletrail.model import FileOutcome, FileStatus, IngestSummary, sha256_hex
from cabletrail.settings import Settings
from cabletrail.store import Store

COMMIT_SECONDS = 1.0


class Progress(Protocol):
    def start(self, total_files: int) -> None: ...

    def advance(self, outcome: FileOutcome, summary: IngestSummary) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class IngestOptions:
    collection: str | None = None
    fields: Mapping[str, str] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)


@dataclass(frozen=True)
class _Input:
    path: Path  # as found under the argument
    collection: str
    real: Path  # the same file's absolute path, symbolic links resolved: how ingest records it


def _walk(path: Path, real: Path, skip: Path | None) -> Iterator[tuple[Path, Path]]:
    """Regular files under ``path``, sorted, each with its real path (``real`` is that of
    ``path``), skipping hidden names, symbolic links and the folder ``skip`` (the store
    itself, when it lies inside the trove). Nothing below ``real`` is a link, so the real path
    of a file is ``real`` joined with its names: no file is resolved on its own."""
    if path.is_file():
        yield path, real
        return
    with os.scandir(path) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.is_dir(follow_symlinks=False):
            if skip is None or real / entry.name != skip:
                yield from _walk(path / entry.name, real / entry.name, skip)
        elif entry.is_file(follow_symlinks=False):
            yield path / entry.name, real / entry.name


def collect_inputs(
    paths: Sequence[Path], collection: str | None, skip: Path | None = None
) -> list[_Input]:
    """Expand the arguments to files; a missing argument is an error before anything runs."""
    found: list[_Input] = []
    for path in paths:
        if not path.exists():
            raise InputError("not-found", f"{path}: no such file or directory")
        if not (path.is_file() or path.is_dir()):
            raise InputError("not-a-file", f"{path}: not a regular file or folder")
        real = path.resolve()
        name = collection or (real.name if path.is_dir() else path.stem)
        found.extend(_Input(p, name, r) for p, r in _walk(path, real, skip))
    return found


class _Batch:
    """Commits every ``size`` documents or every second, whichever comes first."""

    def __init__(self, store: Store, size: int) -> None:
        self.store, self.size = store, size
        self.pending = 0
        self.since = time.monotonic()

    def added(self, n: int = 1) -> None:
        self.pending += n
        if self.pending >= self.size:
            self.commit()

    def maybe_commit(self) -> None:
        if self.pending and time.monotonic() - self.since >= COMMIT_SECONDS:
            self.commit()

    def commit(self) -> None:
        self.store.commit()
        self.pending = 0
        self.since = time.monotonic()


class Ingestor:
    def __init__(self, store: Store, options: IngestOptions) -> None:
        self.store = store
        self.options = options
        self.settings = options.settings
        self.batch = _Batch(store, self.settings.commit_every)
        self.summary = IngestSummary()
        self.sandbox = Sandbox(self.settings.parse_timeout, self.settings.parse_memory_mb)

    def file(
        self, path: str, data: bytes, mtime: float | None, collection: str, depth: int = 0
    ) -> FileOutcome:
        """Ingest one file's bytes (a top-level file or an archive member)."""
        digest = sha256_hex(data)
        state = self.store.file_state(path)
        if state is not None and state.sha256 == digest and state.status in ("ok", "duplicate"):
            return FileOutcome(
                path, FileStatus.DUPLICATE, "unchanged since last ingest", sha256=digest
            )
        if (
            state is not None
            and state.sha256 == digest
            and state.status == "started"
            and state.attempts >= self.settings.max_attempts
        ):
            # Every earlier ingest died on this file: keep it visible, never try it again.
            outcome = FileOutcome(
                path,
                FileStatus.FAILED,
                f"quarantined: {state.attempts} ingests died on this file",
                sha256=digest,
                attempts=state.attempts,
            )
            self.store.finish_file(outcome, len(data))
            return outcome
        self.store.start_file(path, digest, len(data))
        try:
            outcome = self._parse_and_store(path, data, digest, mtime, collection, depth)
        except InputError as exc:
            outcome = _with_detail(
                FileOutcome(path, FileStatus.FAILED, exc.reason, sha256=digest), exc.detail
            )
        self.store.finish_file(outcome, len(data))
        self.batch.added(0)
        self.batch.maybe_commit()
        return outcome

    def _parse_and_store(
        self, path: str, data: bytes, digest: str, mtime: float | None, collection: str, depth: int
    ) -> FileOutcome:
        fmt = identify(path, data, self.settings)
        if fmt.parse is None:
            return self._archive(path, data, digest, collection, depth)
        parsed = parse_documents(
            path, data, digest, mtime, collection, fmt, self.options.fields, self.sandbox.parse
        )
        blob = self.store.put_original(data)
        added = duplicates = 0
        for document, key in parsed.documents:
            if self.store.has_document(document.id):
                duplicates += 1
                continue
            self.store.add_document(replace(document, blob=blob), key)
            added += 1
            self.batch.added()
        reason = "; ".join(parsed.notes)
        status = FileStatus.OK if added else FileStatus.DUPLICATE
        if status is FileStatus.DUPLICATE and not reason:
            reason = "same content as stored document(s)"
        return FileOutcome(path, status, reason, added, duplicates, digest, fmt.name)

    def _archive(
        self, path: str, data: bytes, digest: str, collection: str, depth: int
    ) -> FileOutcome:
        if depth >= self.settings.max_archive_depth:
            raise InputError("too-deep", f"archive nested deeper than {depth} levels")
        self.store.put_original(data)
        count = failed = added = 0
        for member in archive.members(data, archive.Limits.of(self.settings)):
            count += 1
            member_path = f"{path}!{member.name}"
            if member.error is not None:
                outcome = FileOutcome(
                    member_path, FileStatus.FAILED, member.error.reason, sha256=""
                )
                self.store.finish_file(_with_detail(outcome, member.error.detail), 0)
                self.summary.count(outcome)
                failed += 1
                continue
            outcome = self.file(member_path, member.data, member.mtime, collection, depth + 1)
            self.summary.count(outcome)
            self.summary.bytes_read += len(member.data)
            added += outcome.documents
            failed += outcome.status is FileStatus.FAILED
        reason = f"archive of {count} file(s)" + (f", {failed} failed" if failed else "")
        return FileOutcome(path, FileStatus.OK, reason, 0, 0, digest, archive.NAME)


def _with_detail(outcome: FileOutcome, detail: str) -> FileOutcome:
    reason = f"{outcome.reason}: {detail}" if detail else outcome.reason
    return replace(outcome, reason=reason)


def ingest(
    store: Store,
    paths: Sequence[Path],
    options: IngestOptions | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest every file under ``paths`` into ``store``; return the batch summary."""
    options = options or IngestOptions()
    check_fields(options.fields)
    store_dir = Path(store.location)
    inputs = collect_inputs(
        paths, options.collection, store_dir.resolve() if store_dir.is_dir() else None
    )
    ingestor = Ingestor(store, options)
    summary = ingestor.summary
    started = time.monotonic()
    if progress:
        progress.start(len(inputs))
    try:
        for item in inputs:
            path = str(item.real)
            try:
                data = item.path.read_bytes()
                mtime: float | None = item.path.stat().st_mtime
            except OSError as exc:
                outcome = FileOutcome(path, FileStatus.FAILED, f"unreadable: {exc.strerror}")
                store.finish_file(outcome, 0)
            else:
                summary.bytes_read += len(data)
                outcome = ingestor.file(path, data, mtime, item.collection)
            summary.count(outcome)
            if progress:
                progress.advance(outcome, summary)
    finally:
        ingestor.sandbox.close()
        store.commit()
        summary.seconds = time.monotonic() - started
        if progress:
            progress.close()
    return summary
