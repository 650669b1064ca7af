"""What every route must do: security headers, host check, CSRF, and hostile content that
stays inert in every page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cabletrail.web import create_app
from cabletrail.web.security import CSP
from tests.web.conftest import closed
from tests.web.hostile import PAYLOADS

BASE = "http://127.0.0.1"


def samples(client: TestClient) -> dict[str, list[tuple[str, str]]]:
    """(method, url) to try for every route of the app; a new route needs a row here."""
    doc = client.get("/api/search?q=Korea").json()["results"][0]["id"]
    ent = client.get("/api/entities").json()["entities"][0]["id"]
    fact = client.get(f"/api/documents/{doc}").json()["facts"]["events"][0]["id"]
    return {
        "/": [("GET", "/")],
        "/search": [("GET", "/search?q=Korea")],
        "/api/search": [("GET", "/api/search?q=Korea")],
        "/documents/{doc_id}": [("GET", f"/documents/{doc}")],
        "/api/documents/{doc_id}": [("GET", f"/api/documents/{doc}")],
        "/documents/{doc_id}/original": [("GET", f"/documents/{doc}/original")],
        "/documents/{doc_id}/facts/{fact_id}/review": [
            ("POST", f"/documents/{doc}/facts/{fact}/review")
        ],
        "/api/documents/{doc_id}/facts/{fact_id}/review": [
            ("POST", f"/api/documents/{doc}/facts/{fact}/review")
        ],
        "/searches": [("POST", "/searches")],
        "/upload": [("GET", "/upload"), ("POST", "/upload")],
        "/api/upload": [("GET", "/api/upload"), ("POST", "/api/upload")],
        "/upload/jobs/{job_id}": [("GET", "/upload/jobs/0000")],
        "/api/upload/jobs/{job_id}": [("GET", "/api/upload/jobs/0000")],
        "/api/searches": [("GET", "/api/searches"), ("POST", "/api/searches")],
        "/entities": [("GET", "/entities")],
        "/api/entities": [("GET", "/api/entities")],
        "/entities/{entity_id}": [("GET", f"/entities/{ent}")],
        "/api/entities/{entity_id}": [("GET", f"/api/entities/{ent}")],
        "/timeline": [("GET", "/timeline")],
        "/api/timeline": [("GET", "/api/timeline")],
        "/graph": [("GET", "/graph")],
        "/api/graph": [("GET", "/api/graph")],
        "/brief": [("GET", "/brief")],
        "/api/brief": [("GET", "/api/brief")],
        "/brief/download": [("GET", "/brief/download?format=md")],
        "/api/openapi.json": [("GET", "/api/openapi.json")],
        "/static": [("GET", "/static/app.js"), ("GET", "/static/app.css")],
        "/nowhere": [("GET", "/nowhere")],
        "/login": [("GET", "/login"), ("POST", "/login")],
        "/logout": [("POST", "/logout")],
        "/admin/audit": [("GET", "/admin/audit")],
        "/api/admin/audit": [("GET", "/api/admin/audit")],
    }


def routes(app: FastAPI) -> set[str]:
    return {str(getattr(r, "path", "")) for r in app.routes}


def test_every_route_has_a_row_and_sends_the_security_headers(
    app: FastAPI, client: TestClient
) -> None:
    table = samples(client)
    missing = routes(app) - set(table)
    assert not missing, f"routes without a row in samples(): {sorted(missing)}"
    for calls in table.values():
        for method, url in calls:
            r = client.request(method, url)
            assert r.headers["content-security-policy"] == CSP, url
            assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP
            assert "frame-ancestors 'none'" in CSP
            assert r.headers["x-content-type-options"] == "nosniff", url
            assert r.headers["cache-control"] == "no-store", url
            assert r.headers["x-frame-options"] == "DENY", url
            if method == "POST":
                assert r.status_code == 403, url  # no CSRF token


def test_pages_carry_no_inline_script_or_style(client: TestClient) -> None:
    for path in ("/search", "/timeline", "/entities", "/graph", "/brief", "/upload"):
        page = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert "<style" not in page and " style=" not in page, path
        assert not re.search(r"\son[a-z]+=", page), path


def test_requests_for_another_host_are_refused(client: TestClient) -> None:
    r = client.get("/search", headers={"host": "attacker.example"})
    assert r.status_code == 400 and "unknown host" in r.text
    assert r.headers["content-security-policy"] == CSP
    assert client.get("/search", headers={"host": "localhost:8765"}).status_code == 200


def test_unsafe_methods_need_the_token_and_the_same_origin(client: TestClient) -> None:
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/search").text)
    assert token
    doc = client.get("/api/search?q=Korea").json()["results"][0]["id"]
    url = f"/api/documents/{doc}/facts/v1/review"
    body: dict[str, Any] = {"action": "accept"}
    assert client.post(url, json=body).status_code == 403
    assert client.post(url, json=body, headers={"X-CSRF-Token": "forged"}).status_code == 403
    cross = client.post(
        url, json=body, headers={"X-CSRF-Token": token.group(1), "Origin": "https://evil.example"}
    )
    assert cross.status_code == 403
    same = client.post(
        url, json=body, headers={"X-CSRF-Token": token.group(1), "Origin": BASE + ":8765"}
    )
    assert same.status_code in (200, 400)  # past the guard (400 if v1 is not an event)


def hostile_pages(client: TestClient) -> list[str]:
    """Every page that shows something of the hostile trove."""
    doc = client.get("/api/search").json()["results"][0]["id"]
    entities = client.get("/api/entities").json()["entities"]
    assert any("<script>" in e["name"] for e in entities)
    return [
        "/search",
        "/search?q=Ambassador",
        f"/documents/{doc}",
        f"/documents/{doc}?start=0&end=40",
        "/entities",
        *[f"/entities/{e['id']}" for e in entities],
        "/timeline",
        "/graph",
        "/brief",
        f"/brief?entity={entities[0]['id']}",
    ]


@pytest.fixture(scope="module")
def hostile(hostile_store: Path) -> Iterator[TestClient]:
    app = create_app(str(hostile_store))
    yield TestClient(app, base_url=BASE)
    closed(app)


def test_hostile_text_titles_names_and_entities_render_inert(hostile: TestClient) -> None:
    for url in hostile_pages(hostile):
        page = hostile.get(url)
        assert page.status_code == 200, url
        html = page.text
        for payload in PAYLOADS[:3]:
            assert payload not in html, (url, payload)
        assert "<script>window" not in html and "<img src=x" not in html, url
        assert not re.search(r"<svg onload", html), url
        assert "&lt;script&gt;" in html or url.startswith("/graph"), url
        assert 'href="javascript:' not in html, url
