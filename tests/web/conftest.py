"""A workspace over a copy of the analysed sample trove (reviews write to it)."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cabletrail.web import create_app

BASE = "http://127.0.0.1"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    """Every web test runs over both stores."""
    return str(request.param)


@contextlib.contextmanager
def sample_copy(backend: str, request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    """A copy of the analysed sample trove in a store of ``backend``: its location."""
    if backend == "sqlite":
        source, _ = request.getfixturevalue("analysed_sample")
        shutil.copytree(source, folder / "s")
        yield str(folder / "s")
        return
    from tests.postgres import database, database_name

    template, _ = request.getfixturevalue("analysed_sample_pg")
    with database(request.getfixturevalue("postgres_server"), database_name(template)) as dsn:
        yield dsn


@pytest.fixture(scope="module")
def workspace(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with sample_copy(backend, request, tmp_path_factory.mktemp("workspace")) as location:
        yield location


@pytest.fixture
def fresh(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A copy for one test (it writes)."""
    with sample_copy(backend, request, tmp_path) as location:
        yield location


def closed(app: FastAPI) -> None:
    """Close the store connections an app opened (TestClient runs no lifespan without
    ``with``; a server closes them at shutdown)."""
    app.state.stores.close()


@pytest.fixture(scope="module")
def app(workspace: str) -> Iterator[FastAPI]:
    made = create_app(str(workspace), analyst="tester")
    yield made
    closed(made)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> TestClient:
    return TestClient(app, base_url=BASE, follow_redirects=False)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.web.hostile import hostile_store

    return hostile_store(tmp_path_factory.mktemp("hostile"))
