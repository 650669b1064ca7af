"""Score extraction: the dev gold set (eval/dev.gold.json) and TempEval-3 timexes.

Inputs are built from ../shared/corpus into eval-out/ (never committed), the pipeline runs
through the real command (`cabletrail extract … --format jsonl`), and the shared scorer
(../shared/tools/score_extraction.py) prints the tables.

    .venv/bin/python scripts/eval.py            # dev set + TempEval-3 platinum (+ TBAQ)
    .venv/bin/python scripts/eval.py --dev      # dev set only
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SCORER = SHARED / "tools" / "score_extraction.py"
TIMEML = SHARED / "tools" / "timeml_to_gold.py"
OUT = ROOT / "eval-out"
CLI = [sys.executable, "-m", "cabletrail"]


def run_extract(files: list[Path], date: str | None) -> list[str]:
    cmd = [*CLI, "extract", *map(str, files), "--format", "jsonl"]
    if date:
        cmd += ["--date", date]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"extract failed: {proc.stderr.strip()}")
    return [line for line in proc.stdout.splitlines() if line.strip()]


def score(gold: Path, pred: Path) -> str:
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(pred)],
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def dev(name: str = "dev") -> str:
    gold_path = ROOT / "eval" / f"{name}.gold.json"
    gold = json.loads(gold_path.read_text("utf-8"))
    inputs = OUT / name
    shutil.rmtree(inputs, ignore_errors=True)
    inputs.mkdir(parents=True)
    groups: dict[str | None, list[Path]] = defaultdict(list)
    for doc in gold["documents"]:
        meta = doc["document"]
        source = CORPUS / meta["corpus_path"]
        if "line" in meta:  # one record of a JSONL collection
            line = source.read_text("utf-8").splitlines()[meta["line"] - 1]
            target = inputs / meta["source"].split("#")[0]
            target.write_text(line + "\n", "utf-8")
            groups[None].append(target)
        elif "chars" in meta:  # a paragraph of a long document
            start, end = meta["chars"]
            target = inputs / meta["source"]
            target.write_text(source.read_text("utf-8")[start:end], "utf-8")
            groups[meta["date"]].append(target)
        else:
            target = inputs / meta["source"]
            shutil.copyfile(source, target)
            groups[None].append(target)
    lines = [line for date, files in groups.items() for line in run_extract(files, date)]
    pred = OUT / f"{name}.pred.jsonl"
    pred.write_text("\n".join(lines) + "\n", "utf-8")
    return score(gold_path, pred)


def resolution() -> str:
    """Pairwise precision and recall of entity clusters over the dev documents."""
    from itertools import combinations

    from cabletrail.extract.analyze import analyze
    from cabletrail.ingest import ingest
    from cabletrail.resolve import resolve
    from cabletrail.settings import Settings
    from cabletrail.store.sqlite import SQLiteStore

    gold = json.loads((ROOT / "eval" / "resolution.gold.json").read_text("utf-8"))["clusters"]
    store_dir = OUT / "resolution-store"
    shutil.rmtree(store_dir, ignore_errors=True)
    store = SQLiteStore(store_dir, create=True)
    ingest(store, [OUT / "dev"])
    analyze(store, Settings.load(env={}))
    resolve(store)
    by_doc: dict[str, list[tuple[set[str], str | None]]] = defaultdict(list)
    for row in store.extractions():
        source = Path(store.get_document(row["document_id"]).source).name
        for entity in row["record"]["entities"]:
            cluster = row["links"].get(entity["id"], (None, None))[0]
            names = {entity["name"].casefold(), *(a.casefold() for a in entity["aliases"])}
            by_doc[source].append((names, cluster))
    store.close()
    items: list[tuple[int, str, str | None]] = []
    gold_pairs: set[tuple[str, str]] = set()
    for n, cluster_items in enumerate(gold):
        for source, name in cluster_items:
            found = next(
                (c for names, c in by_doc.get(source, []) if name.casefold() in names), None
            )
            items.append((n, f"{source}|{name}", found))
    for a, b in combinations(items, 2):
        if a[0] == b[0]:
            gold_pairs.add((a[1], b[1]))
    pred_pairs = {(a[1], b[1]) for a, b in combinations(items, 2) if a[2] and a[2] == b[2]}
    tp = len(gold_pairs & pred_pairs)
    p = tp / len(pred_pairs) if pred_pairs else 1.0
    r = tp / len(gold_pairs) if gold_pairs else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    missing = sum(1 for i in items if i[2] is None)
    return (
        f"pairwise  P {p:.3f}  R {r:.3f}  F1 {f:.3f}   ({len(gold)} gold clusters, "
        f"{len(items)} items, {len(gold_pairs)} gold pairs, {len(pred_pairs)} predicted "
        f"pairs; {missing} item(s) not found as an entity in their document)\n"
    )


def tempeval(split: str, cli: bool) -> str:
    src = {
        "platinum": CORPUS / "tempeval3" / "te3-platinum",
        "tbaq": CORPUS / "tempeval3" / "TBAQ-cleaned",
    }[split]
    out = OUT / f"te3-{split}"
    shutil.rmtree(out, ignore_errors=True)
    files = sorted(src.rglob("*.tml"))
    subprocess.run(
        [sys.executable, str(TIMEML), str(out), *map(str, files)], capture_output=True, check=True
    )
    dates = [line.split("\t") for line in (out / "dates.tsv").read_text().splitlines()]
    lines: list[str] = []
    if cli:  # the real command, one run per creation date
        by_date: dict[str, list[Path]] = defaultdict(list)
        for name, dct in dates:
            by_date[dct[:10]].append(out / name)
        for dct, group in by_date.items():
            lines += run_extract(group, dct)
    else:  # the tuning set, through the library (256 documents, one model load)
        from cabletrail.extract.timex import find_timexes
        from cabletrail.model import parse_date

        for name, dct in dates:
            text = (out / name).read_text("utf-8")
            timexes = [
                {
                    "id": f"t{i}",
                    "start": t.start,
                    "end": t.end,
                    "text": t.text,
                    "type": t.type,
                    "value": t.value,
                }
                for i, t in enumerate(find_timexes(text, parse_date(dct[:10])), 1)
            ]
            lines.append(
                json.dumps({"document": {"source": name, "text": text}, "timexes": timexes})
            )
    pred = out / "pred.jsonl"
    pred.write_text("\n".join(lines) + "\n", "utf-8")
    return score(out / "gold.json", pred)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", action="store_true", help="only the dev gold set")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    OUT.mkdir(exist_ok=True)
    print("## dev gold set (eval/dev.gold.json)\n")
    print(dev())
    if not args.dev:
        print("## held-out gold set (eval/heldout.gold.json; annotated blind, never tuned on)\n")
        print(dev("heldout"))
        print("## entity resolution across the dev documents (eval/resolution.gold.json)\n")
        print(resolution())
        print("## TempEval-3 platinum (timexes; `cabletrail extract --date DCT`)\n")
        print(tempeval("platinum", cli=True))
        print("## TempEval-3 TBAQ-cleaned (timexes; tuning set, through the library)\n")
        print(tempeval("tbaq", cli=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
