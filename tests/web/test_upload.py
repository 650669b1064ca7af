"""Ingest from the browser: upload, a background job with progress, and what it added."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cabletrail.web import create_app
from cabletrail.web.jobs import safe_name
from tests.web.conftest import closed

BASE = "http://127.0.0.1"
CABLE = (
    "---\ntitle: Mission to Ministry\ndate: 2016-03-14\n---\n"
    "The Ministry instructed the Mission in Geneva to boycott the panel on human rights at "
    "the 31st session of the Human Rights Council. Zebrafinch was the code word.\n"
)


@pytest.fixture
def client(fresh: str) -> Iterator[TestClient]:
    app = create_app(fresh)
    yield TestClient(app, base_url=BASE, follow_redirects=False)
    closed(app)


def token(client: TestClient) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/upload").text)
    assert found
    return found.group(1)


def wait(client: TestClient, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while True:
        job: dict[str, Any] = client.get(f"/api/upload/jobs/{job_id}").json()["job"]
        if not job["running"]:
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


def test_upload_ingests_analyses_and_reports_failures(client: TestClient) -> None:
    files = [
        ("files", ("../../etc/cable one.md", CABLE.encode(), "text/markdown")),
        ("files", ("tool.bin", b"\x7fELF\x02\x01\x01" + bytes(200), "application/octet-stream")),
    ]
    r = client.post(
        "/upload",
        data={"csrf": token(client), "collection": "geneva", "analyze": "1"},
        files=files,
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/upload/jobs/")
    job_id = r.headers["location"].rsplit("/", 1)[1]
    job = wait(client, job_id)
    assert job["state"] == "done", job
    assert (job["total"], job["ok"], job["failed"], job["documents_added"]) == (2, 1, 1, 1)
    assert job["failures"][0]["file"] == "tool.bin"
    assert "unsupported" in job["failures"][0]["reason"]
    assert job["analysed"] == job["analyse_total"] == 1
    hits = client.get("/api/search?q=Zebrafinch&collection=geneva").json()
    assert hits["total"] == 1
    doc = client.get(f"/api/documents/{hits['results'][0]['id']}").json()
    assert doc["analysed"] and any(e["type"] == "DIRECTIVE" for e in doc["facts"]["events"])
    assert "/etc/" not in doc["document"]["source"]
    page = client.get(f"/upload/jobs/{job_id}").text
    assert "1 document(s) added" in page and "tool.bin" in page
    assert job_id in client.get("/upload").text

    # the same file again: a duplicate, nothing added
    again = client.post(
        "/api/upload",
        data={"collection": "geneva"},
        files=[files[0]],
        headers={"X-CSRF-Token": token(client)},
    )
    assert again.status_code == 200
    assert wait(client, again.json()["id"])["duplicate"] == 1


def test_upload_refuses_no_files_and_needs_the_token(client: TestClient) -> None:
    r = client.post(
        "/api/upload", data={"collection": "x"}, headers={"X-CSRF-Token": token(client)}
    )
    assert r.status_code == 400 and "no files chosen" in r.json()["error"]
    files = [("files", ("a.txt", b"text", "text/plain"))]
    assert client.post("/upload", files=files).status_code == 403
    assert client.get("/api/upload/jobs/nope").status_code == 400


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\cable.txt", "cable.txt"),
        ('"><script>.md', "___script_.md"),
        ("..", "upload-3"),
    ],
)
def test_upload_names_are_made_safe(name: str, safe: str) -> None:
    assert safe_name(name, 3) == safe


def test_an_upload_over_the_file_limit_is_refused_whole(fresh: str) -> None:
    from cabletrail.settings import Settings

    app = create_app(fresh, settings=Settings.load({"max_file_bytes": 1000}, env={}))
    try:
        client = TestClient(app, base_url=BASE, follow_redirects=False)
        files = [
            ("files", ("small.txt", b"Cablegram 1, GENEVA, 3 May 1948. Small.", "text/plain")),
            ("files", ("big.txt", b"x" * 5000, "text/plain")),
        ]
        r = client.post(
            "/api/upload",
            data={"collection": "c"},
            files=files,
            headers={"X-CSRF-Token": token(client)},
        )
        assert r.status_code == 400 and "big.txt is over 1,000 bytes" in r.json()["error"]
        assert client.get("/api/upload").json()["jobs"] == []
    finally:
        closed(app)
