"""Golden extraction output for documents of the bundled sample trove.

A failure here means extraction changed what analysts would see. If the change is intended,
regenerate with `.venv/bin/python scripts/golden_extract.py`, review the diff and commit it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from cabletrail.extract import Extractor
from cabletrail.ingest.reading import read_documents
from cabletrail.model import Document

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from golden_extract import DOCUMENTS, SAMPLE, compact  # noqa: E402


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.mark.parametrize("rel", DOCUMENTS, ids=[Path(d).stem[:40] for d in DOCUMENTS])
def test_golden_extraction(extractor: Extractor, rel: str) -> None:
    (doc,) = [d for d in read_documents([SAMPLE / rel]) if isinstance(d, Document)]
    golden = ROOT / "tests" / "golden" / "extract" / (Path(rel).stem + ".json")
    assert compact(extractor.extract(doc)) == json.loads(golden.read_text("utf-8"))
