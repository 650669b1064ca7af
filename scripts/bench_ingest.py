"""Ingest throughput on the shared corpora: documents/s, MB/s, CPU time and peak RSS.

Each data set is ingested into a fresh store by a child process (so peak RSS is its own),
pinned to one core where the platform allows; the parser process it starts inherits the pin,
and CPU time counts both. Prints a Markdown table for docs/benchmarks.md.

    .venv/bin/python scripts/bench_ingest.py            # all data sets, the median of 3 runs
    .venv/bin/python scripts/bench_ingest.py --one dfat # one, as JSON (used by the parent)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "bench-out"
SETS: dict[str, list[str]] = {
    "dfat (markdown, 2,499 files)": ["dfat-documents-on-australian-foreign-policy/volumes"],
    "US cables test sample (one jsonl, 1,295 records)": ["cablegate-2010-sample/cables.jsonl"],
    "upr reports (plain text, 262 files)": ["upr-reports/wg-reports-utf8"],
    "general debate (plain text, 386 files)": ["un-general-debate-corpus"],
    "issue check: dfat + US cables + upr": [
        "dfat-documents-on-australian-foreign-policy/volumes",
        "cablegate-2010-sample/cables.jsonl",
        "upr-reports/wg-reports-utf8",
    ],
}


def _cpu() -> float:
    """User and system seconds of this process and its ended children (the parser's)."""
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def one(name: str, durable: bool = True) -> dict[str, float]:
    from cabletrail.ingest import ingest
    from cabletrail.store.sqlite import SQLiteStore

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    if not durable:  # diagnostic only: what the run costs without fsync
        os.fsync = lambda fd: None
    paths = [CORPUS / p for p in SETS[name]]
    # The store goes under the repository, on the disk a user's store would be on (/tmp may be
    # a slower file system: creating a file there cost 10x more on the reference machine).
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        store = SQLiteStore(Path(tmp) / "store", create=True)
        if not durable:
            store.db.execute("PRAGMA synchronous = OFF")
        cpu0, wall0 = _cpu(), time.perf_counter()
        summary = ingest(store, paths)  # ends by stopping the parser's child process
        wall, cpu = time.perf_counter() - wall0, _cpu() - cpu0
        store.close()
    return {
        "documents": summary.documents_added,
        "files": summary.files,
        "failed": summary.failed,
        "mb": summary.bytes_read / 1e6,
        "wall_s": wall,
        "cpu_s": cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one")
    parser.add_argument("--no-fsync", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs per data set; the median")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, durable=not args.no_fsync)))
        return 0
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}"
    )
    print()
    print(
        "| data set | docs | MB | wall s | docs/s | MB/s | CPU s | docs per CPU-s | peak RSS MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    runs: list[tuple[str, list[str]]] = [(name, []) for name in SETS]
    runs.append((list(SETS)[-1], ["--no-fsync"]))
    for name, extra in runs:
        tries = [
            json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--one", name, *extra],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
            for _ in range(args.repeat)
        ]
        r = sorted(tries, key=lambda t: t["wall_s"])[len(tries) // 2]  # the median run
        label = name + (" — without fsync (diagnostic)" if extra else "")
        print(
            f"| {label} | {r['documents']:,.0f} | {r['mb']:.1f} | {r['wall_s']:.2f} | "
            f"{r['documents'] / r['wall_s']:,.0f} | {r['mb'] / r['wall_s']:.1f} | "
            f"{r['cpu_s']:.2f} | {r['documents'] / r['cpu_s']:,.0f} | {r['peak_rss_mb']:.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
