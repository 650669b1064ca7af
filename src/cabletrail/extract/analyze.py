"""``analyze``: run extraction over stored documents, incrementally and in parallel.

Only documents without an extraction by the current extractor version and config hash are
processed (new, changed, or extracted by an older extractor). Workers each load the spaCy
pipeline once; the parent process is the only writer to the store.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from cabletrail.extract import lexicon
from cabletrail.extract.pipeline import VERSION, Extractor
from cabletrail.model import Document
from cabletrail.settings import Settings
from cabletrail.store import Store

log = logging.getLogger(__name__)
BATCH = 8
COMMIT_EVERY = 50


class Progress(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self, n: int) -> None: ...

    def close(self) -> None: ...


@dataclass
class AnalyzeSummary:
    stale: int = 0
    extracted: int = 0
    failed: int = 0
    words: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "stale": self.stale,
            "extracted": self.extracted,
            "failed": self.failed,
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "failures": [{"id": i, "reason": r} for i, r in self.failures],
        }


_worker: Extractor | None = None


def _init(model: str, topics: str | None) -> None:
    global _worker
    _worker = Extractor(model, topics)


def _extract_batch(documents: list[Document]) -> list[tuple[str, dict[str, Any] | str]]:
    """In a worker process, with the pipeline its initializer loaded."""
    assert _worker is not None
    return _run(_worker, documents)


def _run(extractor: Extractor, documents: list[Document]) -> list[tuple[str, dict[str, Any] | str]]:
    out: list[tuple[str, dict[str, Any] | str]] = []
    for doc in documents:
        try:
            out.append((doc.id, extractor.extract(doc)))
        except Exception as exc:  # one bad document must not stop the run
            out.append((doc.id, f"{type(exc).__name__}: {exc}"[:200]))
    return out


def _batches(store: Store, ids: list[str]) -> Iterator[list[Document]]:
    for i in range(0, len(ids), BATCH):
        yield [store.get_document(doc_id) for doc_id in ids[i : i + BATCH]]


def analyze(
    store: Store, settings: Settings, workers: int = 1, progress: Progress | None = None
) -> AnalyzeSummary:
    """Extract every stale document of ``store``; return what was done."""
    started = time.monotonic()
    topics = settings.topics or None
    config = lexicon.config_hash({"topics": topics}, settings.model)
    ids = store.stale_documents(VERSION, config)
    summary = AnalyzeSummary(stale=len(ids))
    if not ids:
        return summary
    if progress:
        progress.start(len(ids))
    pending = 0
    try:
        if workers <= 1:
            extractor = Extractor(settings.model, topics)
            results: Iterator[list[tuple[str, dict[str, Any] | str]]] = (
                _run(extractor, batch) for batch in _batches(store, ids)
            )
            pool = None
        else:
            pool = ProcessPoolExecutor(
                workers, initializer=_init, initargs=(settings.model, topics)
            )
            results = pool.map(_extract_batch, _batches(store, ids))
        for batch in results:
            for doc_id, result in batch:
                if isinstance(result, str):
                    summary.failed += 1
                    summary.failures.append((doc_id, result))
                    log.warning("extraction failed for %s: %s", doc_id, result)
                    continue
                store.save_extraction(result)
                summary.extracted += 1
                summary.words += len(result["document"]["text"].split())
                pending += 1
                if pending >= COMMIT_EVERY:
                    store.commit()
                    pending = 0
            if progress:
                progress.advance(len(batch))
        if pool is not None:
            pool.shutdown()
    finally:
        store.commit()
        summary.seconds = time.monotonic() - started
        if progress:
            progress.close()
    return summary
