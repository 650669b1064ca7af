from __future__ import annotations

from pathlib import Path

import pytest

from cabletrail.extract.analyze import analyze
from cabletrail.extract.pipeline import VERSION
from cabletrail.ingest import ingest
from cabletrail.model import SearchRequest
from cabletrail.settings import Settings
from cabletrail.store.sqlite import SQLiteStore

CABLE = """Cablegram 12, CANBERRA, 14 May 1948

You are instructed to vote against the resolution in the General Assembly.
"""


@pytest.fixture
def trove(tmp_path: Path) -> Path:
    folder = tmp_path / "trove"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\ntitle: Evatt to Hodgson\ndoc_date: '1948-05-14'\n---\n" + CABLE
    )
    (folder / "b.txt").write_text("The Council met in Geneva on 14 March 2016.")
    return folder


def test_analyze_is_incremental_and_stores_facts(store: SQLiteStore, trove: Path) -> None:
    ingest(store, [trove])
    settings = Settings.load(env={})
    first = analyze(store, settings)
    assert (first.stale, first.extracted, first.failed) == (2, 2, 0)
    assert analyze(store, settings).stale == 0

    hits = store.search(SearchRequest(None)).hits
    doc_id = next(h.id for h in hits if h.title == "Evatt to Hodgson")
    record = store.get_extraction(doc_id)
    assert record is not None
    assert record["document"]["text"].startswith("Cablegram 12")
    assert record["extractor"]["version"] == VERSION
    names = {e["id"]: e["name"] for e in record["entities"]}
    directive = next(ev for ev in record["events"] if ev["type"] == "DIRECTIVE")
    assert names[directive["arguments"]["agent"]] == "Evatt"
    assert names[directive["arguments"]["recipient"]] == "Hodgson"
    kinds = dict(
        store.db.execute(
            "SELECT kind, count(*) FROM facts WHERE document_id = ? GROUP BY kind", (doc_id,)
        )
    )
    assert kinds["event"] >= 1 and kinds["timex"] >= 1 and kinds["entity"] >= 2

    # A changed file is a new version: only it is analysed again.
    (trove / "b.txt").write_text("The Council met in Geneva on 15 March 2016.")
    ingest(store, [trove])
    again = analyze(store, settings)
    assert (again.stale, again.extracted) == (1, 1)


def test_a_new_config_makes_everything_stale(
    store: SQLiteStore, trove: Path, tmp_path: Path
) -> None:
    ingest(store, [trove])
    analyze(store, Settings.load(env={}))
    topics = tmp_path / "topics.yaml"
    topics.write_text("version: mine.v1\ntopics:\n  meetings:\n    terms: [met]\n")
    result = analyze(store, Settings.load({"topics": str(topics)}, env={}))
    assert result.extracted == 2
    hits = store.search(SearchRequest(None)).hits
    labels = {t["label"] for h in hits for t in (store.get_extraction(h.id) or {})["topics"]}
    assert labels == {"meetings"}


def test_two_workers_give_the_same_facts(tmp_path: Path, trove: Path) -> None:
    results = []
    for workers in (1, 2):
        store = SQLiteStore(tmp_path / f"s{workers}", create=True)
        ingest(store, [trove])
        summary = analyze(store, Settings.load(env={}), workers=workers)
        assert summary.extracted == 2
        rows = store.db.execute('SELECT document_id, kind, type, start, "end", value FROM facts')
        results.append(sorted((tuple(r) for r in rows), key=repr))
        store.close()
    assert results[0] == results[1]
