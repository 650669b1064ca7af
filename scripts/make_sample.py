"""Rebuild ``sample/trove`` from ../shared/corpus: the small, redistributable sample trove that
the demo, the docs and the tests share.

Picks DFAT cablegrams (CC-BY) on Korea or human rights at the United Nations, 1947-49, and the
two UN reports of the Working Group on the Universal Periodic Review of the DPRK. Run from the
repo root:

    .venv/bin/python scripts/make_sample.py
"""

from __future__ import annotations

import csv
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "sample" / "trove"
VOLUMES = ("volume-12-", "volume-14-", "volume-16-")
COUNT = 60
UPR = ("democraticpeoplesrepublicofkorea2010.txt", "democraticpeoplesrepublicofkorea2014.txt")
UN = re.compile(r"\bUnited Nations\b|\bUN\b|\bAssembly\b|\bCommission\b")


def main() -> int:
    dfat = CORPUS / "dfat-documents-on-australian-foreign-policy"
    if not dfat.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    picked = []
    with (dfat / "manifest.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row["path"].split("/")[1].startswith(VOLUMES):
                continue
            if not row["dateline"].startswith("Cablegram"):
                continue
            text = (dfat / row["path"]).read_text(encoding="utf-8")
            if ("Korea" in text or "human rights" in text.lower()) and UN.search(text):
                picked.append((row["date"], row["path"]))
    picked.sort()
    step = max(1, len(picked) // COUNT)
    chosen = picked[::step][:COUNT]
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "dfat").mkdir(parents=True)
    (OUT / "un-upr").mkdir(parents=True)
    for _, rel in chosen:
        shutil.copyfile(dfat / rel, OUT / "dfat" / Path(rel).name)
    for name in UPR:
        shutil.copyfile(CORPUS / "upr-reports" / "wg-reports-utf8" / name, OUT / "un-upr" / name)
    print(f"{len(chosen)} DFAT cablegrams (of {len(picked)} candidates) and {len(UPR)} UPR reports")
    return 0


if __name__ == "__main__":
    sys.exit(main())
