"""A workspace over a copy of the analysed sample trove (reviews write to it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cabletrail.web import create_app

BASE = "http://127.0.0.1"


@pytest.fixture(scope="module")
def workspace(analysed_sample: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("workspace") / "s"
    shutil.copytree(analysed_sample[0], copy)
    return copy


@pytest.fixture(scope="module")
def app(workspace: Path) -> FastAPI:
    return create_app(str(workspace), analyst="tester")


@pytest.fixture(scope="module")
def client(app: FastAPI) -> TestClient:
    return TestClient(app, base_url=BASE, follow_redirects=False)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.web.hostile import hostile_store

    return hostile_store(tmp_path_factory.mktemp("hostile"))
