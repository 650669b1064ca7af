"""Regenerate tests/golden/extract/*.json: what extraction finds in a few documents of the
bundled sample trove, in a compact form (names, values, types). Review the diff by eye before
committing: a change here is a change in what analysts see.

    .venv/bin/python scripts/golden_extract.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cabletrail.extract import Extractor
from cabletrail.ingest.reading import read_documents
from cabletrail.model import Document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample" / "trove"
OUT = ROOT / "tests" / "golden" / "extract"
DOCUMENTS = (
    "dfat/137-department-of-external-affairs-to-australian-delegation-united-nations.md",
    "dfat/151-jackson-to-department-of-external-affairs.md",
    "dfat/187-australian-delegation-united-nations-to-department-of-external-affairs.md",
)


def compact(record: dict[str, Any]) -> dict[str, Any]:
    names = {e["id"]: e["name"] for e in record["entities"]}

    def arg(value: Any) -> Any:
        return value["text"] if isinstance(value, dict) else names.get(value, value)

    return {
        "entities": sorted(f"{e['type']} {e['name']}" for e in record["entities"]),
        "timexes": [f"{t['text']} = {t['value']}" for t in record["timexes"]],
        "events": [
            f"{ev['type']} {ev['trigger']['text']} "
            + json.dumps(
                {k: arg(v) for k, v in sorted(ev["arguments"].items())}, ensure_ascii=False
            )
            + f" {ev['modality']}{' negated' if ev['negated'] else ''}"
            for ev in record["events"]
        ],
        "roles": [
            f"{names[r['person']]}: {r['qualifier'] or ''} {r['title']}".replace("  ", " ")
            for r in record["roles"]
        ],
        "quotes": [f"{q['speaker_text']}: {q['text']}" for q in record["quotes"]],
        "topics": [t["label"] for t in record["topics"]],
    }


def main() -> None:
    extractor = Extractor()
    OUT.mkdir(parents=True, exist_ok=True)
    for rel in DOCUMENTS:
        (doc,) = [d for d in read_documents([SAMPLE / rel]) if isinstance(d, Document)]
        result = compact(extractor.extract(doc))
        target = OUT / (Path(rel).stem + ".json")
        target.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
        print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
