"""Per-collection grants: a team member sees only the collections granted — no document,
fact, name or count from another collection leaks, in any page or its JSON twin."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cabletrail.model import SearchRequest
from cabletrail.query.record import TimelineRequest, timeline
from cabletrail.store import open_store
from cabletrail.store.sqlite import SQLiteStore
from cabletrail.web import create_app
from tests.web.conftest import closed, sample_copy
from tests.web.test_team import add_users, cli_run, sign_in

HIDDEN = "hidden-upr"  # the two UPR reports; the cablegrams stay in "trove"


@pytest.fixture(scope="module")
def split(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with sample_copy(backend, request, tmp_path_factory.mktemp("grants")) as location:
        store = open_store(location)
        assert isinstance(store, SQLiteStore)
        store.db.execute(
            "UPDATE documents SET collection = ? WHERE source LIKE ?", (HIDDEN, "%un-upr%")
        )
        store.close()
        add_users(location, {"boss": "admin", "rea": "reader", "wil": "writer", "nog": "reader"})
        cli_run(location, "user", "grant", "rea", "trove")
        cli_run(location, "user", "grant", "wil", "trove", "--write")
        yield location


@pytest.fixture(scope="module")
def team(split: str) -> Iterator[FastAPI]:
    app = create_app(split, team=True)
    yield app
    closed(app)


def markers(location: str) -> tuple[list[str], list[str], list[str]]:
    """What only the hidden collection holds: its document ids, and the ids and names of
    entities found only there (names that appear in no visible text)."""
    store = open_store(location)
    try:
        assert isinstance(store, SQLiteStore)
        hidden_docs = [
            r[0]
            for r in store.db.execute("SELECT id FROM documents WHERE collection = ?", (HIDDEN,))
        ]
        visible_text = " ".join(
            r[0].casefold()
            for r in store.db.execute("SELECT text FROM documents WHERE collection != ?", (HIDDEN,))
        )
        only_hidden = list(
            store.db.execute(
                """SELECT c.id, c.name FROM entity_clusters c WHERE NOT EXISTS (
                     SELECT 1 FROM entity_links l JOIN documents d ON d.id = l.document_id
                     WHERE l.cluster_id = c.id AND d.collection != ?)""",
                (HIDDEN,),
            )
        )
    finally:
        store.close()
    ids = [cid for cid, _ in only_hidden]
    names = [n for _, n in only_hidden if len(n) >= 8 and n.casefold() not in visible_text]
    assert hidden_docs and ids and names
    return hidden_docs, ids, names


def pages(admin: TestClient, hidden_docs: list[str], hidden_ids: list[str]) -> list[str]:
    visible_doc = admin.get("/api/search?q=Korea&collection=trove").json()["results"][0]["id"]
    entity = admin.get("/api/entities?q=Jackson").json()["entities"][0]["id"]
    urls = [
        "/search",
        "/search?q=Korea",
        '/search?q="human rights"',
        "/search?q=Universal",
        f"/documents/{visible_doc}",
        f"/entities/{entity}",
        "/entities",
        "/entities?q=Korea",
        "/timeline",
        "/timeline?q=Korea",
        "/timeline?topic=human-rights",
        "/graph",
        f"/graph?entity={entity}",
        "/brief",
        "/brief?topic=human-rights",
        "/upload",
    ]
    urls += [u.replace("/", "/api/", 1) for u in urls if not u.startswith("/upload")]
    urls += ["/brief/download?format=md", "/api/searches", "/api/upload"]
    urls += [f"/documents/{d}" for d in hidden_docs] + [f"/api/documents/{d}" for d in hidden_docs]
    urls += [f"/documents/{d}/original" for d in hidden_docs]
    urls += [f"/entities/{e}" for e in hidden_ids[:5]] + [
        f"/api/entities/{e}" for e in hidden_ids[:5]
    ]
    return urls


@pytest.mark.parametrize("who", ["rea", "wil", "nog"])
def test_nothing_of_an_ungranted_collection_leaks(team: FastAPI, split: str, who: str) -> None:
    hidden_docs, hidden_ids, hidden_names = markers(split)
    admin = sign_in(team, "boss")
    client = sign_in(team, who)
    secrets = [d[:12] for d in hidden_docs] + hidden_ids + hidden_names + [HIDDEN]
    forms = {s: {s, html.escape(s), json.dumps(s)[1:-1]} for s in secrets}
    for url in pages(admin, hidden_docs, hidden_ids):
        r = client.get(url)
        assert r.status_code in (200, 404), (who, url, r.status_code)
        if any(url.endswith(x) or f"/{x}" in url for x in hidden_docs + hidden_ids):
            assert r.status_code == 404, (who, url)
            continue
        body = r.text
        leaked = [s for s, f in forms.items() if any(x in body for x in f)]
        assert not leaked, (who, url, leaked)
    # and the admin does see them (the markers are real)
    assert admin.get(f"/api/documents/{hidden_docs[0]}").status_code == 200
    assert any(n in admin.get("/api/entities").text for n in hidden_names)


def test_counts_are_those_of_the_granted_collections(team: FastAPI, split: str) -> None:
    admin, rea, nog = (sign_in(team, n) for n in ("boss", "rea", "nog"))
    for q in ("Korea", "rights", "Commission"):
        mine = rea.get(f"/api/search?q={q}").json()
        theirs = admin.get(f"/api/search?q={q}&collection=trove").json()
        assert mine["total"] == theirs["total"]
        assert mine["facets"]["year"] == theirs["facets"]["year"]
        assert mine["facets"]["topic"] == theirs["facets"]["topic"]
        assert mine["facets"]["collection"] == theirs["facets"]["collection"]
        assert nog.get(f"/api/search?q={q}").json()["total"] == 0
    assert nog.get("/api/entities").json()["total"] == 0
    assert nog.get("/api/timeline").json()["events"] == []
    # the timeline of what rea may read is the whole timeline cut to those documents
    store = open_store(split)
    try:
        visible = {
            h.id for h in store.search(SearchRequest(None, collection="trove", limit=1000)).hits
        }
        everything = timeline(store, TimelineRequest())
        store.set_scope(frozenset({"trove"}))
        scoped = timeline(store, TimelineRequest())
    finally:
        store.close()
    assert [e.as_dict()["citation"] for e in scoped] == [
        e.as_dict()["citation"] for e in everything if e.document_id in visible
    ]
    assert len(scoped) < len(everything)


def test_writes_need_a_write_grant(team: FastAPI, split: str) -> None:
    rea, wil = sign_in(team, "rea"), sign_in(team, "wil")

    def token(c: TestClient) -> str:
        found = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/search").text)
        assert found
        return found.group(1)

    event = wil.get("/api/timeline?type=DIRECTIVE").json()["events"][0]
    doc = event["citation"]["document"]
    fact = next(
        v["id"]
        for v in wil.get(f"/api/documents/{doc}").json()["facts"]["events"]
        if v["sentence"]["start"] == event["citation"]["start"]
    )
    url = f"/api/documents/{doc}/facts/{fact}/review"
    body = {"action": "accept"}
    assert rea.post(url, json=body, headers={"X-CSRF-Token": token(rea)}).status_code == 403
    done = wil.post(url, json=body, headers={"X-CSRF-Token": token(wil)})
    assert done.status_code == 200 and done.json()["reviewer"] == "wil"
    files = [("files", ("a.txt", b"Cablegram 1, GENEVA, 3 May 1948. Text.", "text/plain"))]
    refused = wil.post(
        "/api/upload",
        data={"collection": HIDDEN},
        files=files,
        headers={"X-CSRF-Token": token(wil)},
    )
    assert refused.status_code == 403 and "may not add documents" in refused.json()["error"]
    accepted = wil.post(
        "/api/upload",
        data={"collection": "trove"},
        files=files,
        headers={"X-CSRF-Token": token(wil)},
    )
    assert accepted.status_code == 200
    # another member's upload jobs are not theirs to see
    assert rea.get("/api/upload").json()["jobs"] == []
    assert rea.get(f"/api/upload/jobs/{accepted.json()['id']}").status_code == 400


def test_entities_are_resolved_within_the_scope(store: SQLiteStore) -> None:
    """A name in an ungranted collection must not join two entities a member can read:
    b1 says Ri Su-yong is also written Ri Il-gyu; a member who reads only a1 and a2 sees two
    people, the admin one."""
    from cabletrail.resolve import resolve
    from tests.store.test_sqlite import add, doc

    texts = {
        ("a1", "seen"): ("Ri Su-yong spoke.", "Ri Su-yong", []),
        ("a2", "seen"): ("Ri Il-gyu spoke.", "Ri Il-gyu", []),
        ("b1", "unseen"): ("Ri Su-yong, also Ri Il-gyu, spoke.", "Ri Su-yong", ["Ri Il-gyu"]),
    }
    for (_, collection), (text, name, aliases) in texts.items():
        d = doc(text, collection=collection)
        add(store, d)
        store.save_extraction(
            {
                "document": {"id": d.id},
                "entities": [
                    {
                        "id": "e1",
                        "type": "PERSON",
                        "name": name,
                        "aliases": aliases,
                        "mentions": [{"start": 0, "end": len(name), "text": name}],
                    }
                ],
            }
        )
    store.commit()
    resolve(store)
    assert len(store.clusters()) == 1  # joined, on b1's word
    add_users(store.location, {"boss": "admin", "rea": "reader"})
    cli_run(store.location, "user", "grant", "rea", "seen")
    app = create_app(store.location, team=True)
    try:
        rea, boss = sign_in(app, "rea"), sign_in(app, "boss")
        seen = rea.get("/api/entities").json()["entities"]
        assert sorted((e["name"], e["aliases"], e["documents"]) for e in seen) == [
            ("Ri Il-gyu", [], 1),
            ("Ri Su-yong", [], 1),
        ]
        whole = boss.get("/api/entities").json()["entities"]
        assert len(whole) == 1 and whole[0]["documents"] == 3
        # and a scope given no resolution of its own shows no entities at all
        store.set_scope(frozenset({"seen"}))
        assert store.clusters() == []
        store.set_scope(None)
        assert len(store.clusters()) == 1
    finally:
        closed(app)
