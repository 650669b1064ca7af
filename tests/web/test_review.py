"""Reviewing extracted events from the workspace: stored with who and when, in force in
timelines, exports and briefs, and kept through re-analysis."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cabletrail.errors import QueryError
from cabletrail.model.review import check_review, reviewed
from cabletrail.settings import Settings
from cabletrail.store import open_store
from cabletrail.store.sqlite import SQLiteStore
from cabletrail.web import create_app

BASE = "http://127.0.0.1"


@pytest.fixture
def ws(fresh: str) -> tuple[str, TestClient]:
    return fresh, TestClient(
        create_app(fresh, analyst="ana"), base_url=BASE, follow_redirects=False
    )


def token(client: TestClient) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', client.get("/search").text)
    assert found
    return found.group(1)


def directive(client: TestClient) -> dict[str, Any]:
    event: dict[str, Any] = client.get("/api/timeline?type=DIRECTIVE").json()["events"][0]
    return event


def fact_of(client: TestClient, event: dict[str, Any]) -> str:
    c = event["citation"]
    doc = client.get(f"/api/documents/{c['document']}").json()
    for v in doc["facts"]["events"]:
        if v["sentence"]["start"] == c["start"] and v["type"] == event["type"]:
            return str(v["id"])
    raise AssertionError("event not found in its document")


def test_reject_by_form_takes_the_event_out_of_timeline_and_brief(
    ws: tuple[str, TestClient],
) -> None:
    _, client = ws
    before = client.get("/api/timeline?type=DIRECTIVE").json()["events"]
    event = before[0]
    fact = fact_of(client, event)
    doc = event["citation"]["document"]
    r = client.post(
        f"/documents/{doc}/facts/{fact}/review",
        data={"csrf": token(client), "action": "reject"},
    )
    assert r.status_code == 303 and r.headers["location"] == f"/documents/{doc}#fact-{fact}"
    after = client.get("/api/timeline?type=DIRECTIVE").json()["events"]
    assert len(after) == len(before) - 1 and event not in after
    page = client.get(f"/documents/{doc}").text
    assert "rejected by ana" in page


def test_correct_by_api_changes_type_and_date_everywhere(ws: tuple[str, TestClient]) -> None:
    store_dir, client = ws
    event = directive(client)
    fact = fact_of(client, event)
    doc = event["citation"]["document"]
    body = {"action": "correct", "type": "PROTEST", "date": "1950-06"}
    refused = client.post(f"/api/documents/{doc}/facts/{fact}/review", json=body)
    assert refused.status_code == 403  # no CSRF token
    done = client.post(
        f"/api/documents/{doc}/facts/{fact}/review",
        json=body,
        headers={"X-CSRF-Token": token(client)},
    )
    assert done.status_code == 200, done.text
    assert done.json()["reviewer"] == "ana" and done.json()["correction"]["date"] == "1950-06"
    protests = client.get("/api/timeline?type=PROTEST&from=1950-06&to=1950-06").json()["events"]
    moved = [p for p in protests if p["citation"]["start"] == event["citation"]["start"]]
    assert moved and moved[0]["date"] == "1950-06" and moved[0]["review"]["action"] == "correct"
    from click.testing import CliRunner

    from cabletrail.cli.main import cli

    csv = CliRunner().invoke(cli, ["--store", store_dir, "export", "--format", "csv"])
    assert csv.exit_code == 0
    assert any("PROTEST" in line and "1950-06" in line for line in csv.output.splitlines())

    # Re-analysis of the document keeps the review in force.
    store = open_store(store_dir)
    assert isinstance(store, SQLiteStore)  # PostgresStore is one too
    try:
        record = store.get_extraction(doc)
        assert record is not None
        store.save_extraction(record)
        store.commit()
        assert store.reviews(doc)[-1]["action"] == "correct"
    finally:
        store.close()
    again = client.get("/api/timeline?type=PROTEST&from=1950-06&to=1950-06").json()["events"]
    assert [p["citation"] for p in again] == [p["citation"] for p in protests]


def test_reanalysis_by_the_extractor_keeps_reviews(ws: tuple[str, TestClient]) -> None:
    from cabletrail.extract.analyze import analyze

    store_dir, client = ws
    event = directive(client)
    fact = fact_of(client, event)
    doc = event["citation"]["document"]
    client.post(
        f"/documents/{doc}/facts/{fact}/review",
        data={"csrf": token(client), "action": "reject"},
    )
    store = open_store(store_dir)
    assert isinstance(store, SQLiteStore)  # PostgresStore is one too
    try:
        store.db.execute(
            "UPDATE extractions SET config_hash = 'stale' WHERE document_id = ?", (doc,)
        )
        analyze(store, Settings.load(env={}))
    finally:
        store.close()
    after = client.get("/api/timeline?type=DIRECTIVE").json()["events"]
    assert event["citation"] not in [e["citation"] for e in after]


@pytest.mark.parametrize(
    ("action", "correction", "words"),
    [
        ("delete", {}, "review action 'delete'"),
        ("reject", {"type": "MEET"}, "takes no corrections"),
        ("correct", {}, "needs at least one"),
        ("correct", {"type": "PARTY"}, "event type 'PARTY'"),
        ("correct", {"date": "soon"}, "date 'soon'"),
        ("correct", {"agent": "e999"}, "agent 'e999' is not an entity"),
        ("correct", {"colour": "red"}, "cannot correct ['colour']"),
    ],
)
def test_bad_reviews_are_refused_with_the_reason(
    action: str, correction: dict[str, Any], words: str
) -> None:
    with pytest.raises(QueryError, match=re.escape(words)):
        check_review(action, correction, {"e1", "e2"})


def test_a_correction_replaces_only_what_it_names() -> None:
    event: dict[str, Any] = {"type": "DIRECTIVE", "arguments": {"agent": "e1", "recipient": "e2"}}
    fixed = reviewed(event, "correct", check_review("correct", {"recipient": "e3"}, {"e3"}))
    assert fixed == {"type": "DIRECTIVE", "arguments": {"agent": "e1", "recipient": "e3"}}
    assert event["arguments"]["recipient"] == "e2"  # the extractor's fact is untouched


def test_saved_searches_keep_the_filters_and_refuse_bad_ones(
    ws: tuple[str, TestClient],
) -> None:
    _, client = ws
    csrf = token(client)
    r = client.post(
        "/searches",
        data={"csrf": csrf, "name": "HR 1948", "query": "q=rights&from=1948&type=DIRECTIVE"},
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/search?q=rights")
    saved = client.get("/api/searches").json()["searches"]
    assert [(s["name"], s["owner"]) for s in saved] == [("HR 1948", "ana")]
    assert "from=1948" in saved[0]["query"] and "type=DIRECTIVE" in saved[0]["query"]
    page = client.get("/search").text
    assert f'href="/search?{saved[0]["query"].replace("&", "&amp;")}">HR 1948</a>' in page
    headers = {"X-CSRF-Token": csrf}
    bad_query = client.post(
        "/api/searches", json={"name": "x", "query": "from=someday"}, headers=headers
    )
    assert bad_query.status_code == 400 and "is not a date" in bad_query.json()["error"]
    no_name = client.post("/api/searches", json={"name": " ", "query": "q=a"}, headers=headers)
    assert no_name.status_code == 400 and "needs a name" in no_name.json()["error"]
    again = client.post(
        "/api/searches", json={"name": "HR 1948", "query": "?q=Korea"}, headers=headers
    )
    assert again.json() == {"name": "HR 1948", "query": "q=Korea"}
    assert len(client.get("/api/searches").json()["searches"]) == 1
