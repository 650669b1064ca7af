"""Regenerate tests/golden/headers.json: header facts read from real documents in
../shared/corpus. Review every change by eye before committing it: the file is the truth the
tests hold the parser to. Cablegate entries keep structure only (no subjects or titles).

    .venv/bin/python scripts/golden_headers.py > tests/golden/headers.json
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from cabletrail.ingest.dispatch import detect
from cabletrail.ingest.formats.base import ParseContext
from cabletrail.ingest.formats.collection import parse_jsonl
from cabletrail.ingest.metadata import merge
from cabletrail.model import ParsedDocument

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
DFAT = CORPUS / "dfat-documents-on-australian-foreign-policy" / "volumes"
CABLES = CORPUS / "cablegate-2010-sample" / "cables.jsonl"
UPR = CORPUS / "upr-reports" / "wg-reports-utf8"
KEYS = ("from", "to", "classification", "precedence", "caveats", "tags", "dtg", "info")
DFAT_PICKS = [
    "volume-12-1947-other-than-indonesia/62-evatt-to-burton.md",
    "volume-12-1947-other-than-indonesia/132-chifley-to-dedman.md",
    "volume-12-1947-other-than-indonesia/1-address-by-evatt-to-the-united-nations-general-assembly.md",
    "volume-16-1948-49-australia-and-the-postwar-world-beyond-the-region/348-department-of-external-affairs-to-posts.md",
]
CABLE_LINES = (0, 5, 300, 700, 1000, 1200)
UPR_PICKS = (
    "democraticpeoplesrepublicofkorea2010.txt",
    "democraticpeoplesrepublicofkorea2014.txt",
    "afghanistan2009.txt",
)


def entry(kind: str, ref: str, parsed: ParsedDocument) -> dict[str, Any]:
    m = merge(parsed, ref, None)
    out: dict[str, Any] = {
        "corpus": kind,
        "ref": ref,
        "title": m.title,
        "date": m.date.value if m.date else None,
        "date_source": str(m.date_source),
    }
    out.update({k: m.metadata[k] for k in KEYS if k in m.metadata})
    if "dateline" in m.metadata:
        out["dateline"] = {k: v for k, v in m.metadata["dateline"].items() if k != "text"}
    return out


def parse_file(path: Path) -> ParsedDocument:
    data = path.read_bytes()
    fmt = detect(data, path.name)
    assert fmt.parse is not None
    return fmt.parse(data, ParseContext(path.name)).documents[0]


def main() -> None:
    random.seed(7)
    every = sorted(p.relative_to(DFAT).as_posix() for p in DFAT.rglob("*.md"))
    out = [
        entry("dfat", rel, parse_file(DFAT / rel)) for rel in DFAT_PICKS + random.sample(every, 6)
    ]
    lines = CABLES.read_text("utf-8").splitlines()
    for i in CABLE_LINES:
        record = json.loads(lines[i])
        parsed = parse_jsonl((lines[i] + "\n").encode(), ParseContext("cables.jsonl"))
        e = entry("cablegate", record["ref_id"], parsed.documents[0])
        e.pop("title")
        out.append(e)
    out.extend(entry("upr", name, parse_file(UPR / name)) for name in UPR_PICKS)
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
