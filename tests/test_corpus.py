"""Real documents from ../shared/corpus: golden header facts and the whole-corpus check.

Skipped, with the reason, when ../shared/corpus is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cabletrail.ingest import ingest
from cabletrail.ingest.dispatch import detect
from cabletrail.ingest.formats.base import ParseContext
from cabletrail.ingest.formats.collection import parse_jsonl
from cabletrail.ingest.metadata import merge
from cabletrail.model import PartialDate, SearchRequest
from cabletrail.model.query import Phrase
from cabletrail.store.sqlite import SQLiteStore

GOLDEN = json.loads((Path(__file__).parent / "golden" / "headers.json").read_text("utf-8"))
KEYS = ("from", "to", "classification", "precedence", "caveats", "tags", "dtg", "info")
DFAT = "dfat-documents-on-australian-foreign-policy/volumes"
CABLES = "cablegate-2010-sample/cables.jsonl"
UPR = "upr-reports/wg-reports-utf8"


def _parsed(corpus: Path, entry: dict[str, Any]) -> Any:
    if entry["corpus"] == "cablegate":
        for line in (corpus / CABLES).read_text("utf-8").splitlines():
            if json.loads(line)["ref_id"] == entry["ref"]:
                return parse_jsonl((line + "\n").encode(), ParseContext("cables.jsonl")).documents[
                    0
                ]
        raise AssertionError(f"{entry['ref']} not in {CABLES}")
    path = corpus / (DFAT if entry["corpus"] == "dfat" else UPR) / entry["ref"]
    data = path.read_bytes()
    fmt = detect(data, path.name)
    assert fmt.parse is not None
    return fmt.parse(data, ParseContext(path.name)).documents[0]


@pytest.mark.corpus
@pytest.mark.parametrize("entry", GOLDEN, ids=[e["ref"].split("/")[-1] for e in GOLDEN])
def test_golden_headers(corpus: Path, entry: dict[str, Any]) -> None:
    merged = merge(_parsed(corpus, entry), entry["ref"], None)
    got: dict[str, Any] = {
        "corpus": entry["corpus"],
        "ref": entry["ref"],
        "date": merged.date.value if merged.date else None,
        "date_source": str(merged.date_source),
    }
    if "title" in entry:
        got["title"] = merged.title
    got.update({k: merged.metadata[k] for k in KEYS if k in merged.metadata})
    if "dateline" in merged.metadata:
        got["dateline"] = {k: v for k, v in merged.metadata["dateline"].items() if k != "text"}
    assert got == entry


@pytest.mark.corpus
def test_whole_corpus_ingest(corpus: Path, tmp_path: Path) -> None:
    """The issue's real-corpus check: >= 4,050 documents, nothing new on a rerun, search and
    date filters behave."""
    store = SQLiteStore(tmp_path / "s", create=True)
    paths = [corpus / DFAT, corpus / CABLES, corpus / UPR]
    try:
        first = ingest(store, paths)
        assert first.failed == 0, [f.reason for f in first.failures]
        assert store.stats().documents >= 4050
        second = ingest(store, paths)
        assert second.documents_added == 0
        assert store.stats().documents == first.documents_added
        page = store.search(SearchRequest(Phrase(("human", "rights")), limit=50))
        assert page.total >= 10
        lo, hi = PartialDate("2005-01-01"), PartialDate("2009-12-31")
        dated = store.search(
            SearchRequest(Phrase(("human", "rights")), date_from=lo, date_to=hi, limit=1000)
        )
        assert dated.total >= 10
        for hit in dated.hits:
            assert hit.date is not None and lo.start <= hit.date.start <= hit.date.end <= hi.end
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        store.close()
