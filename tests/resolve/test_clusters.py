"""Resolution over a small analysed trove: romanisations join, shared family names do not,
human corrections survive re-runs, ids are stable."""

from __future__ import annotations

from typing import Any

import pytest

from cabletrail.extract.analyze import analyze
from cabletrail.ingest import ingest
from cabletrail.model import PartialDate
from cabletrail.query.record import (
    TimelineRequest,
    entity_profile,
    timeline,
    timeline_items,
    who,
)
from cabletrail.resolve import resolve
from cabletrail.settings import Settings
from cabletrail.store import sqlite as sqlite_module
from cabletrail.store.sqlite import SQLiteStore

DOCS = {
    "a.md": (
        "Ministry of Foreign Affairs to DPRK Mission Geneva",
        "2016-03-14",
        "Then-Foreign Minister Ri Su-yong instructed the mission to walk out of the panel. "
        "Kim Jong-un approved the plan.",
    ),
    "b.md": (
        "DPRK Mission Geneva to Ministry of Foreign Affairs",
        "2016-03-20",
        "Ri Su Yong said on 18 March 2016 that the delegation had walked out. "
        "KIM JONG UN was informed.",
    ),
    "c.md": (
        "Ministry of Foreign Affairs to DPRK Mission New York",
        "2017-10-02",
        "Foreign Minister Ri Yong-ho urged the mission to reject the resolution in 2017. "
        "Ri Il-gyu met the Third Committee chair.",
    ),
    "d.md": (
        "Ministry of Foreign Affairs to DPRK Mission Geneva",
        "2016",
        "The delegation protested in 2016 against the report.",
    ),
}


@pytest.fixture(scope="module")
def trove_store(tmp_path_factory: pytest.TempPathFactory) -> SQLiteStore:
    root = tmp_path_factory.mktemp("resolve")
    for name, (title, date, body) in DOCS.items():
        (root / "t").mkdir(exist_ok=True)
        (root / "t" / name).write_text(f"---\ntitle: {title}\ndate: '{date}'\n---\n{body}\n")
    store = SQLiteStore(root / "s", create=True)
    ingest(store, [root / "t"])
    analyze(store, Settings.load(env={}))
    resolve(store)
    return store


def names_of(store: SQLiteStore, name: str) -> set[str]:
    found = store.find_clusters(name)
    assert found, name
    return {found[0]["name"], *found[0]["aliases"]}


def test_romanisation_variants_join_across_documents(trove_store: SQLiteStore) -> None:
    assert {"Ri Su-yong", "Ri Su Yong"} <= names_of(trove_store, "Ri Su-yong")
    kim = trove_store.find_clusters("Kim Jong-un")[0]
    assert kim["documents"] == 2


def test_same_family_name_is_not_merged(trove_store: SQLiteStore) -> None:
    su_yong = trove_store.find_clusters("Ri Su-yong")[0]["id"]
    assert trove_store.find_clusters("Ri Il-gyu")[0]["id"] != su_yong
    assert trove_store.find_clusters("Ri Yong-ho")[0]["id"] != su_yong


def test_ids_are_stable_and_corrections_survive_reruns(trove_store: SQLiteStore) -> None:
    before = {c["name"]: c["id"] for c in [trove_store.find_clusters("Ri Su-yong")[0]]}
    resolve(trove_store)
    assert trove_store.find_clusters("Ri Su-yong")[0]["id"] == before["Ri Su-yong"]
    a = trove_store.find_clusters("Ri Il-gyu")[0]
    b = trove_store.find_clusters("Ri Yong-ho")[0]
    trove_store.add_entity_override("merge", a["keys"][0], b["keys"][0])
    resolve(trove_store)
    assert (
        trove_store.find_clusters("Ri Il-gyu")[0]["id"]
        == trove_store.find_clusters("Ri Yong-ho")[0]["id"]
    )
    resolve(trove_store)  # a re-run keeps the correction
    assert (
        trove_store.find_clusters("Ri Il-gyu")[0]["id"]
        == trove_store.find_clusters("Ri Yong-ho")[0]["id"]
    )
    trove_store.db.execute("DELETE FROM entity_overrides")
    resolve(trove_store)


def test_timeline_orders_mixed_precision_and_cites(trove_store: SQLiteStore) -> None:
    items = timeline(trove_store, TimelineRequest())
    keys = [i.sort_key for i in items]
    assert keys == sorted(keys)
    dated = [(i.date.value if i.date else None, i.type) for i in items]
    years = [d for d, _ in dated if d == "2016"]
    assert years, dated  # the year-only event sorts as the year 2016 …
    first_2016 = next(k for k, i in enumerate(items) if i.date and i.date.value.startswith("2016"))
    first = items[first_2016].date
    assert first is not None and first.value == "2016"  # … ahead of the days inside it
    for i in items:
        assert i.sentence and i.document_id
    only = timeline(trove_store, TimelineRequest(types=["DIRECTIVE"]))
    assert only and all(i.type == "DIRECTIVE" for i in only)
    ranged = timeline(
        trove_store, TimelineRequest(date_from=PartialDate("2017"), date_to=PartialDate("2017"))
    )
    assert ranged and all(i.date and i.date.start >= "2017" for i in ranged)


def test_timelines_are_read_a_chunk_at_a_time_in_timeline_order(
    trove_store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = timeline(trove_store, TimelineRequest())
    assert len(whole) >= 5
    chunks = list(trove_store.event_chunks(size=2))
    assert [len(c) for c in chunks[:-1]] == [2] * (len(chunks) - 1) and len(chunks[-1]) <= 2
    assert [r for c in chunks for r in c] == [r for c in trove_store.event_chunks() for r in c]
    # the first item comes after one chunk is read, the rest when they are asked for
    reads: list[list[int]] = []
    real = sqlite_module._EventReader.__call__

    def counted(self: sqlite_module._EventReader, part: list[int]) -> list[dict[str, Any]]:
        reads.append(part)
        return real(self, part)

    monkeypatch.setattr(sqlite_module._EventReader, "__call__", counted)
    monkeypatch.setattr(sqlite_module, "FIRST_CHUNK", 1)
    items = timeline_items(trove_store, TimelineRequest())
    first = next(items)
    assert [len(r) for r in reads] == [1]
    assert [first, *items] == whole
    assert len(reads) > 1 and sum(map(len, reads)) == len(whole)
    assert list(trove_store.event_chunks(types=["NO-SUCH-TYPE"])) == []


def test_who_held_the_post(trove_store: SQLiteStore) -> None:
    holders = who(trove_store, "Foreign Minister", None, PartialDate("2016-03"))
    assert holders[0].person.startswith("Ri Su")
    assert holders[0].match == "at the date"
    later = who(trove_store, "Foreign Minister", None, PartialDate("2017"))
    assert later[0].person == "Ri Yong-ho"


def test_entity_profile(trove_store: SQLiteStore) -> None:
    profile = entity_profile(trove_store, "Ri Su Yong")
    assert profile["first_seen"] == "2016-03-14"
    assert any(
        r["title"] == "Foreign Minister" and r["qualifier"] == "then" for r in profile["roles"]
    )
    assert profile["events_as_agent"]
