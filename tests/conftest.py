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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The admin DSN of a PostgreSQL server (see tests/postgres.py), or a loud skip."""
    from tests.postgres import server

    with server() as dsn:
        yield dsn


@pytest.fixture
def postgres_dsn(postgres_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    from tests.postgres import database

    with database(postgres_server) as dsn:
        yield dsn


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLiteStore]:
    """A fresh store of each backend (the PostgreSQL store shares the SQLite store's code)."""
    s: SQLiteStore
    if request.param == "postgres":
        from cabletrail.store.postgres import PostgresStore

        s = PostgresStore(request.getfixturevalue("postgres_dsn"), create=True)
    else:
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
def analysed_sample_pg(postgres_server: str) -> Iterator[tuple[str, str]]:
    """The analysed sample trove in a PostgreSQL database (a template for copies: nothing may
    stay connected to it), with its human-rights brief."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from golden_brief import sample_brief_in

    from cabletrail.store.postgres import PostgresStore
    from tests.postgres import database

    with database(postgres_server) as dsn:
        yield dsn, sample_brief_in(PostgresStore(dsn, create=True))


@pytest.fixture(scope="session")
def analysed_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample trove ingested, analysed and resolved once per test run (spaCy is slow),
    with its human-rights brief. Tests that write must work on a copy."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from golden_brief import sample_brief

    store = tmp_path_factory.mktemp("analysed") / "s"
    return store, sample_brief(store)
