"""Shared fixtures: a fresh store, the bundled sample trove, the shared test corpora."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cabletrail.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample" / "trove"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "store", create=True)
    yield s
    s.close()


@pytest.fixture
def sample() -> Path:
    return SAMPLE


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (tests on real documents skipped)")
    return CORPUS


@pytest.fixture(scope="session")
def analysed_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample trove ingested, analysed and resolved once per test run (spaCy is slow),
    with its human-rights brief. Tests that write must work on a copy."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from golden_brief import sample_brief

    store = tmp_path_factory.mktemp("analysed") / "s"
    return store, sample_brief(store)
