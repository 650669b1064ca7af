"""A trove whose text, title, file name, sender, recipients and entity names carry script
payloads: every page must show them as text."""

from __future__ import annotations

from pathlib import Path

from cabletrail.extract.analyze import analyze
from cabletrail.ingest import ingest
from cabletrail.resolve import resolve
from cabletrail.settings import Settings
from cabletrail.store.sqlite import SQLiteStore

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=2">',
    "<svg onload=alert(3)>",
    "javascript:alert(4)",
]


def hostile_trove(root: Path) -> Path:
    trove = root / "trove"
    trove.mkdir()
    body = (
        "Cablegram 12, GENEVA, 3 March 2016.\n\n"
        "The Ambassador instructed the Mission to boycott the panel of the Human Rights "
        f"Council. {PAYLOADS[0]} Kim Song said the report was a plot. {PAYLOADS[1]}\n"
    )
    (trove / f"cable {PAYLOADS[1][:14]}.md").write_text(
        f"---\ntitle: '{PAYLOADS[0]} {PAYLOADS[2]}'\ndate: 2016-03-03\nfrom: '{PAYLOADS[2]}'\n"
        f"to: ['{PAYLOADS[0]}']\n---\n{body}",
        "utf-8",
    )
    return trove


def hostile_store(root: Path) -> Path:
    """A store of one analysed and resolved hostile cable under ``root``."""
    store = SQLiteStore(root / "s", create=True)
    try:
        ingest(store, [hostile_trove(root)])
        analyze(store, Settings.load(env={}))
        # Entity names carry payloads too, as a hostile trove can make an extractor read.
        doc = store.document_ids()[0]
        record = store.get_extraction(doc)
        assert record and record["entities"] and record["events"]
        for i, entity in enumerate(record["entities"]):
            entity["name"] = PAYLOADS[i % len(PAYLOADS)] + entity["name"]
        store.save_extraction(record)
        store.commit()
        resolve(store)
    finally:
        store.close()
    return root / "s"
