"""Extraction throughput: words/s of the full pipeline against spaCy's own en_core_web_sm on
the same texts in the same run (the ratio), `analyze` with 1 and 2 workers, and peak RSS.

Texts: the first N DFAT documents of ../shared/corpus (or the bundled sample trove when the
corpus is absent). Each measurement runs in its own process. Prints Markdown for
docs/benchmarks.md.

    .venv/bin/python scripts/bench_extract.py [--docs 400]
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
CORPUS = ROOT.parent / "shared" / "corpus" / "dfat-documents-on-australian-foreign-policy"
OUT = ROOT / "bench-out"


def inputs(n: int) -> list[Path]:
    if CORPUS.is_dir():
        return sorted((CORPUS / "volumes").rglob("*.md"))[:n]
    return sorted((ROOT / "sample" / "trove").rglob("*.*"))[:n]


def documents(n: int) -> list:  # type: ignore[type-arg]
    from cabletrail.ingest.reading import read_documents
    from cabletrail.model import Document

    return [d for d in read_documents(inputs(n)) if isinstance(d, Document)]


def rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def measure(kind: str, n: int) -> dict[str, float]:
    docs = documents(n)
    words = sum(len(d.text.split()) for d in docs)
    if kind == "spacy":
        import spacy

        from cabletrail.extract.pipeline import DEFAULT_MODEL

        nlp = spacy.load(DEFAULT_MODEL)
        t0 = time.perf_counter()
        for _ in nlp.pipe((d.text for d in docs), batch_size=16):
            pass
        return {"words": words, "seconds": time.perf_counter() - t0, "rss": rss_mb()}
    if kind == "extract":
        from cabletrail.extract import Extractor

        extractor = Extractor()
        t0 = time.perf_counter()
        for _ in extractor.extract_many(docs):
            pass
        return {"words": words, "seconds": time.perf_counter() - t0, "rss": rss_mb()}
    workers = int(kind.split("-")[1])
    from cabletrail.extract.analyze import analyze
    from cabletrail.ingest import ingest
    from cabletrail.settings import Settings
    from cabletrail.store.sqlite import SQLiteStore

    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        store = SQLiteStore(Path(tmp) / "s", create=True)
        ingest(store, inputs(n))
        t0 = time.perf_counter()
        summary = analyze(store, Settings.load(env={}), workers=workers)
        seconds = time.perf_counter() - t0
        store.close()
    rss = max(rss_mb(), rss_mb(resource.RUSAGE_CHILDREN))
    return {"words": summary.words, "seconds": seconds, "rss": rss}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--one")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.docs)))
        return 0
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {args.docs} DFAT documents"
    )
    print()
    print("| run | words | seconds | words/s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|")
    results = {}
    for kind, label in (
        ("spacy", "spaCy en_core_web_sm alone (nlp.pipe)"),
        ("extract", "cabletrail extraction, 1 process"),
        ("analyze-1", "cabletrail analyze --workers 1 (with store)"),
        ("analyze-2", "cabletrail analyze --workers 2 (with store)"),
    ):
        proc = subprocess.run(
            [sys.executable, __file__, "--one", kind, "--docs", str(args.docs)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = results[kind] = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"| {label} | {r['words']:,.0f} | {r['seconds']:.1f} | "
            f"{r['words'] / r['seconds']:,.0f} | {r['rss']:.0f} |"
        )
    ratio = (results["extract"]["words"] / results["extract"]["seconds"]) / (
        results["spacy"]["words"] / results["spacy"]["seconds"]
    )
    print()
    print(f"ratio (cabletrail extraction / spaCy alone, words/s): {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
