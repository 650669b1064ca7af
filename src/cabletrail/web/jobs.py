"""Ingest from the browser: uploaded files are written to a private temporary folder and
ingested (then, if asked, analysed and resolved) by one background thread with its own store
connection, one job at a time; the pages poll a job's progress. The folder is removed when
the job ends: the originals are kept in the store."""

from __future__ import annotations

import queue
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from cabletrail.errors import CabletrailError, InputError
from cabletrail.model import FileOutcome, FileStatus, IngestSummary
from cabletrail.settings import Settings
from cabletrail.store import open_store

MAX_JOBS_KEPT = 50


def safe_name(name: str, index: int) -> str:
    """A file name for an upload: its last part, with only plain characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(c if c.isalnum() or c in "._- " else "_" for c in base).strip(" .")
    return clean[:150] or f"upload-{index}"


@dataclass
class Job:
    id: str
    collection: str
    analyse: bool
    files: list[str]
    owner: str = ""
    state: str = "queued"  # queued | ingesting | analysing | resolving | done | failed
    total: int = 0
    done: int = 0
    ok: int = 0
    duplicate: int = 0
    failed: int = 0
    documents_added: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    analyse_total: int = 0
    analysed: int = 0
    error: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["running"] = self.state not in ("done", "failed")
        return out

    # ingest progress
    def start(self, total: int) -> None:
        if self.state == "ingesting":
            self.total = total
        else:
            self.analyse_total = total

    def advance(self, outcome: FileOutcome | int, summary: IngestSummary | None = None) -> None:
        if isinstance(outcome, int):  # analyze progress
            self.analysed += outcome
            return
        assert summary is not None
        self.done = summary.files
        self.ok, self.duplicate, self.failed = summary.ok, summary.duplicate, summary.failed
        self.documents_added = summary.documents_added
        if outcome.status is FileStatus.FAILED:
            self.failures.append({"file": Path(outcome.path).name, "reason": outcome.reason})

    def close(self) -> None:
        pass


class Jobs:
    """The upload jobs of one server and the thread that runs them."""

    def __init__(self, location: str, settings: Settings) -> None:
        self.location = location
        self.settings = settings
        self.jobs: dict[str, Job] = {}
        self.folders: dict[str, Path] = {}
        self.queue: queue.Queue[str | None] = queue.Queue()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def submit(
        self, collection: str, analyse: bool, uploads: list[tuple[str, BinaryIO]], owner: str
    ) -> Job:
        """Copy the uploaded files (spooled by the server) into a private folder, a chunk at a
        time, and queue their ingest. A file over ``max_file_bytes`` refuses the upload."""
        limit = self.settings.max_file_bytes
        folder = Path(tempfile.mkdtemp(prefix="cabletrail-upload-"))
        names: list[str] = []
        try:
            for i, (name, source) in enumerate(uploads):
                target = folder / safe_name(name, i)
                while target.exists():
                    target = target.with_name(f"{i}-{target.name}")
                size = 0
                with target.open("wb") as out:
                    while chunk := source.read(1 << 20):
                        size += len(chunk)
                        if size > limit:
                            raise InputError(
                                "too-large",
                                f"{safe_name(name, i)} is over {limit:,} bytes "
                                "(setting max_file_bytes)",
                            )
                        out.write(chunk)
                names.append(target.name)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        job = Job(secrets.token_hex(8), collection, analyse, names, owner)
        with self.lock:
            self.jobs[job.id] = job
            self.folders[job.id] = folder
            for old in sorted(self.jobs.values(), key=lambda j: j.created)[:-MAX_JOBS_KEPT]:
                if old.finished is not None:
                    del self.jobs[old.id]
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, daemon=True, name="uploads")
                self.thread.start()
        self.queue.put(job.id)
        return job

    def get(self, job_id: str, owner: str | None = None) -> Job:
        """A job (of ``owner``, when given: another's is not found)."""
        with self.lock:
            job = self.jobs.get(job_id)
        if job is None or (owner is not None and job.owner != owner):
            from cabletrail.errors import QueryError

            raise QueryError(f"no upload job {job_id!r} (jobs are kept while the server runs)")
        return job

    def recent(self, owner: str | None = None) -> list[Job]:
        with self.lock:
            mine = [j for j in self.jobs.values() if owner is None or j.owner == owner]
        return sorted(mine, key=lambda j: -j.created)

    def close(self) -> None:
        self.queue.put(None)

    def _run(self) -> None:
        while (job_id := self.queue.get()) is not None:
            job = self.jobs[job_id]
            folder = self.folders.pop(job_id)
            try:
                self._one(job, folder)
                job.state = "done"
            except CabletrailError as exc:
                job.state, job.error = "failed", str(exc)
            except Exception as exc:  # a bug must not kill the thread that serves later jobs
                job.state, job.error = "failed", f"{type(exc).__name__}: {exc}"
            finally:
                job.finished = time.time()
                shutil.rmtree(folder, ignore_errors=True)

    def _one(self, job: Job, folder: Path) -> None:
        from cabletrail.extract.analyze import analyze
        from cabletrail.ingest import IngestOptions, ingest
        from cabletrail.resolve import resolve

        store = open_store(self.location)
        try:
            job.state = "ingesting"
            ingest(store, [folder], IngestOptions(job.collection, {}, self.settings), job)
            if job.analyse and job.documents_added:
                job.state = "analysing"
                analyze(store, self.settings, 1, job)
                job.state = "resolving"
                resolve(store)
        finally:
            store.close()
