"""Reliability figures for docs/reliability.md: a generated hostile trove, kill -9 runs and
fuzzing. Nothing is downloaded.

    .venv/bin/python scripts/reliability.py [--variants 5] [--kills 200] [--fuzz 2000] [--small]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench-out" / "reliability"


def hostile_run(variants: int, big: bool) -> dict[str, Any]:
    """In a child process: generate the trove, ingest it, time every file."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from hostile_corpus import generate

    from cabletrail.ingest import ingest
    from cabletrail.model import FileOutcome, IngestSummary
    from cabletrail.settings import Settings
    from cabletrail.store.sqlite import SQLiteStore

    shutil.rmtree(OUT, ignore_errors=True)
    trove, store_dir = OUT / "job" / "trove", OUT / "job" / "store"
    classes = generate(trove, variants, big)
    times: list[tuple[float, str]] = []

    class Timer:
        def start(self, total: int) -> None:
            self.last = time.perf_counter()

        def advance(self, outcome: FileOutcome, summary: IngestSummary) -> None:
            now = time.perf_counter()
            times.append((now - self.last, outcome.path))
            self.last = now

        def close(self) -> None:
            pass

    started = time.time()
    store = SQLiteStore(store_dir, create=True)
    settings = Settings.load(env={})
    summary = ingest(store, [trove], progress=Timer())
    files = store.files()
    integrity = store.db.execute("PRAGMA integrity_check").fetchone()[0]
    store.close()
    escaped = [
        str(p)
        for base in (OUT.parent, Path("/tmp"))
        for p in base.rglob("*")
        if p.name.startswith(("escaped-", "cabletrail-absolute-", "evil"))
        and p.stat().st_mtime >= started
        and "originals" not in p.parts
    ]
    final = sum(1 for f in files if f.status != "started")
    slowest = max(times)
    return {
        "classes": len(classes),
        "files": sum(classes.values()),
        "seen": len(files),
        "final_status": final,
        "failed": summary.failed,
        "integrity": integrity,
        "slowest_seconds": round(slowest[0], 2),
        "slowest_file": Path(slowest[1]).name,
        "timeout": settings.parse_timeout,
        "past_limit": sum(1 for t, _ in times if t > settings.parse_timeout),
        "writes_outside": len(escaped),
        "ingest_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "parser_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "parser_cap_mb": settings.parse_memory_mb,
        "seconds": round(summary.seconds, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variants", type=int, default=5)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--analyze-kills", type=int, default=10)
    parser.add_argument("--fuzz", type=int, default=2000)
    parser.add_argument("--small", action="store_true", help="no 50 MB line / 10 MB token")
    parser.add_argument("--hostile-only", action="store_true")
    args = parser.parse_args()
    if args.hostile_only:
        print(json.dumps(hostile_run(args.variants, not args.small)))
        return 0
    proc = subprocess.run(
        [
            sys.executable,
            __file__,
            "--hostile-only",
            "--variants",
            str(args.variants),
            *(["--small"] if args.small else []),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    h = json.loads(proc.stdout.strip().splitlines()[-1])
    print("## Hostile trove\n")
    print(
        f"- {h['files']} files in {h['classes']} attack classes "
        f"({'with' if not args.small else 'without'} the 50 MB line and 10 MB token); "
        f"{h['seen']} files and archive members seen, ingested in {h['seconds']} s"
    )
    print(
        f"- files with a final status: {h['final_status']} of {h['seen']} "
        f"({100 * h['final_status'] / h['seen']:.0f}%); {h['failed']} failed with a reason"
    )
    print(
        f"- runs past the per-file limit ({h['timeout']:g} s): {h['past_limit']}; slowest "
        f"file {h['slowest_seconds']} s ({h['slowest_file']})"
    )
    print(f"- writes outside the job folder: {h['writes_outside']}")
    print(
        f"- peak memory: ingest process {h['ingest_rss_mb']} MB; parser process "
        f"{h['parser_rss_mb']} MB (cap {h['parser_cap_mb']} MB of address space)"
    )
    print(f"- database integrity after the run: {h['integrity']}")
    t0 = time.perf_counter()
    crash = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "crashtest"),
            "--kills",
            str(args.kills),
            "--analyze-kills",
            str(args.analyze_kills),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    c = json.loads(crash.stdout.strip().splitlines()[-1])
    print("\n## kill -9\n")
    print(
        f"- {c['ingest_kills']} ingest kills and {c['analyze_kills']} analyze kills at random "
        f"points over a {c['documents']}-document trove ({time.perf_counter() - t0:.0f} s)"
    )
    print(
        f"- acknowledged documents or extractions lost: {c['acknowledged_lost']}; final "
        f"integrity: {c['final_integrity']}; problems: {len(c['problems'])}"
    )
    for problem in c["problems"]:
        print(f"  - {problem}")
    env = dict(os.environ, CABLETRAIL_FUZZ_EXAMPLES=str(args.fuzz))
    fuzz = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(ROOT / "tests" / "test_fuzz.py"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    print("\n## Fuzzing (hypothesis)\n")
    print(
        f"- header parser, timex normaliser, format dispatch + parsers: {args.fuzz} examples "
        f"each ({3 * args.fuzz} in all): {fuzz.stdout.strip().splitlines()[-1]}"
    )
    return 0 if fuzz.returncode == 0 and not c["problems"] and not c["acknowledged_lost"] else 1


if __name__ == "__main__":
    sys.exit(main())
