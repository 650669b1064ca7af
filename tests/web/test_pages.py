"""Every page of the workspace and its JSON twin, on the analysed sample trove."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cabletrail.model import SearchRequest
from cabletrail.query.record import TimelineRequest, timeline
from cabletrail.query.search import parse_query
from cabletrail.store import open_store

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "brief" / "sample-human-rights.md"


def get_json(client: TestClient, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def get_html(client: TestClient, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def test_search_twin_agrees_with_the_store_and_facets_count_the_matches(
    client: TestClient, workspace: str
) -> None:
    data = get_json(client, "/api/search?q=Korea&from=1948&to=1949")
    store = open_store(workspace)
    try:
        page = store.search(
            SearchRequest(
                parse_query("Korea"),
                date_from=None,
                date_to=None,
            )
        )
    finally:
        store.close()
    assert 0 < data["total"] <= page.total
    assert len(data["results"]) == min(20, data["total"])
    assert sum(f["count"] for f in data["facets"]["year"]) == data["total"]
    assert {f["value"] for f in data["facets"]["year"]} <= {"1948", "1949"}
    assert sum(f["count"] for f in data["facets"]["collection"]) == data["total"]
    html = get_html(client, "/search?q=Korea&from=1948&to=1949")
    assert f"{data['total']} documents" in html
    for hit in data["results"][:5]:
        assert f'href="/documents/{hit["id"]}"' in html


def test_a_facet_link_narrows_the_search(client: TestClient) -> None:
    data = get_json(client, "/api/search?q=rights")
    topic = data["facets"]["topic"][0]
    narrowed = get_json(client, f"/api/search?q=rights&topic={topic['value']}")
    assert narrowed["total"] == topic["count"] <= data["total"]
    entity = data["facets"]["entity"][0]
    by_entity = get_json(client, f"/api/search?q=rights&entity={entity['value']}")
    assert by_entity["total"] == entity["count"]
    html = get_html(client, "/search?q=rights")
    assert f"topic={topic['value']}" in html and f"entity={entity['value']}" in html


def test_search_pages_and_an_empty_query_lists_by_date(client: TestClient) -> None:
    first = get_json(client, "/api/search")
    second = get_json(client, "/api/search?offset=20")
    assert first["total"] == second["total"] > 40
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    dates = [r["date"] for r in first["results"] if r["date"]]
    assert dates == sorted(dates)
    assert 'rel="next"' in get_html(client, "/search")


def test_document_view_marks_facts_and_the_cited_passage(client: TestClient) -> None:
    hit = get_json(client, "/api/search?q=instructed+AND+Jamieson")["results"][0]
    data = get_json(client, f"/api/documents/{hit['id']}")
    assert data["analysed"] and data["facts"]["events"] and data["facts"]["entities"]
    event = data["facts"]["events"][0]
    s = event["sentence"]
    html = get_html(client, f"/documents/{hit['id']}?start={s['start']}&end={s['end']}")
    assert 'class="m-entity' in html and "m-event" in html and 'id="cited"' in html
    # the marked text, unescaped and joined, is the document's text
    article = html.split('<article class="doctext" id="text">', 1)[1].split("</article>", 1)[0]
    import html as htmllib

    plain = htmllib.unescape(re.sub(r"<[^>]+>", "", article))
    assert plain == data["text"]
    cited = re.search(r'<mark class="[^"]*m-cited[^"]*"[^>]*id="cited">', html)
    assert cited is not None
    original = client.get(f"/documents/{hit['id']}/original")
    assert original.status_code == 200
    assert original.headers["content-disposition"].startswith("attachment;")
    assert original.headers["content-type"] == "application/octet-stream"
    assert data["document"]["title"].split()[0].encode() in original.content


def test_timeline_twin_is_the_query_layer_page(client: TestClient, workspace: str) -> None:
    data = get_json(client, "/api/timeline?type=DIRECTIVE&type=REQUEST&from=1948&to=1948")
    store = open_store(workspace)
    try:
        from cabletrail.model import parse_date

        expected = timeline(
            store,
            TimelineRequest(
                types=["DIRECTIVE", "REQUEST"],
                date_from=parse_date("1948"),
                date_to=parse_date("1948"),
                limit=101,
            ),
        )
    finally:
        store.close()
    assert data["events"] == [e.as_dict() for e in expected[:100]]
    assert data["more"] == (len(expected) > 100)
    html = get_html(client, "/timeline?type=DIRECTIVE&type=REQUEST&from=1948&to=1948")
    first = data["events"][0]["citation"]
    assert f"/documents/{first['document']}?start={first['start']}&amp;end={first['end']}" in html
    assert html.count('<li class="event"') == len(data["events"])


def test_entity_page_and_list(client: TestClient) -> None:
    listing = get_json(client, "/api/entities?q=Jackson")
    assert listing["entities"]
    ent = listing["entities"][0]
    data = get_json(client, f"/api/entities/{ent['id']}")["entity"]
    assert data["name"] == ent["name"] and data["documents"]
    assert data["network"]["nodes"]
    html = get_html(client, f"/entities/{ent['id']}")
    assert '<svg class="network"' in html and data["name"] in html
    assert get_html(client, "/entities").count("<tr>") > 10


def test_graph_page_filters_by_kind(client: TestClient) -> None:
    whole = get_json(client, "/api/graph")
    only = get_json(client, "/api/graph?kind=correspondence")
    assert {e["kind"] for e in only["edges"]} == {"correspondence"}
    assert len(only["edges"]) < len(whole["edges"])
    html = get_html(client, "/graph?kind=correspondence&edges=10")
    assert html.count("<line ") == 10


def test_brief_page_and_downloads(client: TestClient) -> None:
    html = get_html(client, "/brief?topic=human-rights")
    assert "Timeline of directives and responses" in html and "?start=" in html
    md = client.get("/brief/download?topic=human-rights&format=md")
    assert md.status_code == 200 and md.text == GOLDEN.read_text("utf-8")  # either store
    assert md.headers["content-disposition"] == 'attachment; filename="brief.md"'
    pdf = client.get("/brief/download?topic=human-rights&format=pdf")
    assert pdf.content.startswith(b"%PDF-")
    data = get_json(client, "/api/brief?topic=human-rights")
    assert data["brief"]["documents"] > 0


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/search?from=someday", 400, "from='someday' is not a date"),
        ("/search?q=%22unclosed", 400, "unclosed quote"),
        ("/timeline?type=PARTY", 400, "unknown event type 'PARTY'"),
        ("/documents/ffffffffff", 404, "no document with id"),
        ("/entities/Nobody%20At%20All", 404, "no entity named"),
        ("/graph?depth=9", 400, "depth='9' must be between 0 and 4"),
        ("/brief/download?format=doc", 400, "choose md, html or pdf"),
    ],
)
def test_bad_input_is_a_one_line_error(
    client: TestClient, url: str, status: int, words: str
) -> None:
    r = client.get(url)
    assert r.status_code == status
    assert words in r.text.replace("&#39;", "'") and "Traceback" not in r.text
    if url.startswith(("/search", "/timeline", "/documents", "/entities")):
        api = client.get("/api" + url)
        assert api.status_code == status and words in api.json()["error"]


def test_openapi_describes_every_json_route(app: FastAPI, client: TestClient) -> None:
    spec = get_json(client, "/api/openapi.json")
    paths = {str(getattr(r, "path", "")) for r in app.routes}
    api_routes = {p for p in paths if p.startswith("/api/") and p != "/api/openapi.json"}
    assert api_routes and api_routes <= set(spec["paths"])
    assert "/documents/{doc_id}/original" in spec["paths"]
