"""The record across documents: time to resolve, and query times of timelines, who, entity
profiles, graph and briefs, on an ingested and analysed part of ../shared/corpus.

    .venv/bin/python scripts/bench_record.py [--docs 600] [--workers 2]
    .venv/bin/python scripts/bench_record.py --full     # the whole real corpus, 4,055 documents
    .venv/bin/python scripts/bench_record.py --store bench-out/full   # queries only, on a store
                                                   # already ingested, analysed and resolved
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
CORPUS = SHARED / "dfat-documents-on-australian-foreign-policy"
FULL = [  # what test_corpus.py ingests: DFAT volumes, the US cables sample, UPR reports
    CORPUS / "volumes",
    SHARED / "cablegate-2010-sample" / "cables.jsonl",
    SHARED / "upr-reports" / "wg-reports-utf8",
]
OUT = ROOT / "bench-out"


def timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--full", action="store_true", help="the whole real corpus")
    parser.add_argument("--store", type=Path, help="time the queries on this resolved store")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    from cabletrail.extract.analyze import analyze
    from cabletrail.ingest import ingest
    from cabletrail.resolve import resolve
    from cabletrail.settings import Settings
    from cabletrail.store.sqlite import SQLiteStore

    OUT.mkdir(exist_ok=True)
    if args.store:
        store = SQLiteStore(args.store)
        print(f"reused store {args.store} (ingest, analyze and resolve not timed)")
        queries(store, args, None)
        store.close()
        return 0
    files = [] if args.full else sorted((CORPUS / "volumes").rglob("*.md"))[: args.docs]
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        trove = Path(tmp) / "trove"
        trove.mkdir()
        for f in files:
            shutil.copyfile(f, trove / f"{f.parent.name[:10]}-{f.name}")
        store = SQLiteStore(Path(tmp) / "store", create=True)
        t0 = time.perf_counter()
        ingested = ingest(store, FULL if args.full else [trove])
        ingest_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        summary = analyze(store, Settings.load(env={}), workers=args.workers)
        analyse_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        resolved = resolve(store)
        resolve_s = time.perf_counter() - t0
        queries(
            store,
            args,
            f"- ingest: {ingest_s:.0f} s ({ingested.documents_added:,} added); "
            f"analyze ({args.workers} workers): {analyse_s:.0f} s ({summary.words:,} words); "
            f"resolve: {resolve_s * 1000:.0f} ms ({resolved.document_entities:,} document "
            f"entities → {resolved.clusters:,} entities)",
        )
        store.close()
    return 0


def queries(store: Any, args: argparse.Namespace, built: str | None) -> None:
    from cabletrail.model import PartialDate
    from cabletrail.present import brief as briefs
    from cabletrail.query.brief import brief_data
    from cabletrail.query.graph import graph
    from cabletrail.query.record import (
        TimelineRequest,
        entity_profile,
        timeline,
        timeline_items,
        who,
    )

    top = store.clusters()[0]["name"]
    person = next(c["name"] for c in store.clusters() if c["type"] == "PERSON")
    timelines = [
        ("timeline, all events", TimelineRequest()),
        ("timeline --type DIRECTIVE", TimelineRequest(types=["DIRECTIVE"])),
        (f"timeline --entity '{person}'", TimelineRequest(entity=person)),
        ("timeline --topic human-rights", TimelineRequest(topic="human-rights")),
        ("timeline --limit 100 (first page)", TimelineRequest(limit=100)),
        ("timeline --limit 100 --offset 10000", TimelineRequest(limit=100, offset=10_000)),
        (
            "timeline --from 1948 --to 1948 --limit 100",
            TimelineRequest(date_from=PartialDate("1948"), date_to=PartialDate("1948"), limit=100),
        ),
        (
            "timeline --topic human-rights --limit 100",
            TimelineRequest(topic="human-rights", limit=100),
        ),
    ]

    def first_event(request: TimelineRequest) -> Any:
        return next(timeline_items(store, request), None)

    rows: list[tuple[str, Callable[[], Any], Callable[[], Any] | None]] = [
        (
            label,
            functools.partial(timeline, store, request),
            functools.partial(first_event, request),
        )
        for label, request in timelines
    ]
    rows += [
        (
            "who 'Minister' --on 1948",
            lambda: who(store, "Minister", None, PartialDate("1948")),
            None,
        ),
        (f"entity '{top}'", lambda: entity_profile(store, top), None),
        ("graph", lambda: graph(store), None),
        (
            "brief --topic human-rights (md)",
            lambda: briefs.markdown(briefs.build(brief_data(store, topic="human-rights"))),
            None,
        ),
    ]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {store.stats().documents:,} documents"
    )
    print()
    if built:
        print(built)
        print()
    print("| query | first event, median ms | whole answer, median ms (5 runs) | results |")
    print("|---|---:|---:|---:|")
    for label, fn, first in rows:
        first_ms = f"{timed(first)[0]:.0f}" if first else "—"
        ms, result = timed(fn)
        size = (
            len(result)
            if isinstance(result, (list, str))
            else len(result.get("edges", result.get("documents", [])))
        )
        print(f"| {label} | {first_ms} | {ms:.0f} | {size:,} |")


if __name__ == "__main__":
    sys.exit(main())
