from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cabletrail.errors import DocumentNotFound, SchemaError, StoreError, StoreNotFound
from cabletrail.model import DateSource, Document, PartialDate, SearchRequest, sha256_hex
from cabletrail.model.query import And, Not, Or, Phrase, Term
from cabletrail.store import open_store
from cabletrail.store.sqlite import SQLiteStore, migrations, snippet_from_marked


def doc(text: str, **kw: object) -> Document:
    fields: dict[str, object] = {
        "id": sha256_hex(text.encode()),
        "source": "/t/" + text[:8],
        "collection": "c",
        "format": "text",
        "text": text,
        "blob": sha256_hex(text.encode()),
    }
    fields.update(kw)
    return Document(**fields)  # type: ignore[arg-type]


def add(store: SQLiteStore, *docs: Document) -> None:
    for d in docs:
        store.add_document(d, None)
    store.commit()


def test_missing_store_is_not_created_by_reads(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFound, match="ingest PATH"):
        open_store(tmp_path / "none")
    assert not (tmp_path / "none").exists()


def test_schema_is_migrated_to_the_latest_version(store: SQLiteStore) -> None:
    assert store.schema_version == migrations()[-1][0]
    if type(store) is SQLiteStore:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_from_a_newer_cabletrail_is_refused(tmp_path: Path) -> None:
    SQLiteStore(tmp_path / "s", create=True).close()
    with sqlite3.connect(tmp_path / "s" / "cabletrail.db") as db:
        db.execute("PRAGMA user_version = 999")
    with pytest.raises(SchemaError, match="upgrade cabletrail"):
        SQLiteStore(tmp_path / "s")


def test_reopening_keeps_everything(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "s", create=True)
    add(s, doc("kept across reopen"))
    s.close()
    s = SQLiteStore(tmp_path / "s")
    assert s.stats().documents == 1
    s.close()


def test_originals_are_content_addressed(store: SQLiteStore) -> None:
    digest = store.put_original(b"original bytes")
    assert digest == sha256_hex(b"original bytes")
    assert store.put_original(b"original bytes") == digest
    assert store.read_original(digest) == b"original bytes"


def test_small_originals_live_in_the_database_large_ones_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SQLiteStore, "INLINE_ORIGINAL_BYTES", 100)
    s = SQLiteStore(tmp_path / "s", create=True)
    small, large = b"s" * 100, b"L" * 101
    small_id, large_id = s.put_original(small), s.put_original(large)
    s.commit()
    assert not s.originals.path(small_id).exists()
    assert s.originals.path(large_id).read_bytes() == large
    assert s.originals.path(large_id).parent.name == large_id[:2]
    s.close()
    s = SQLiteStore(tmp_path / "s")
    assert (s.read_original(small_id), s.read_original(large_id)) == (small, large)
    with pytest.raises(StoreError, match="missing"):
        s.read_original(sha256_hex(b"never stored"))
    s.close()


def test_originals_written_as_files_before_0010_are_still_read(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "s", create=True)
    digest = s.originals.put(b"from an older store")
    s.commit()
    s.close()
    assert SQLiteStore(tmp_path / "s").read_original(digest) == b"from an older store"


def test_get_by_prefix(store: SQLiteStore) -> None:
    d = doc("prefix lookup")
    add(store, d)
    assert store.get_document(d.id[:8]).id == d.id
    with pytest.raises(DocumentNotFound, match="no document"):
        store.get_document("0" * 12 if not d.id.startswith("0" * 12) else "f" * 12)
    with pytest.raises(DocumentNotFound, match="not a document id"):
        store.get_document("xyz")


def test_search_filters(store: SQLiteStore) -> None:
    add(
        store,
        doc(
            "walkout at the council",
            date=PartialDate("2016-03-14"),
            collection="geneva",
            metadata={"from": "USMISSION GENEVA", "to": ["SECSTATE WASHDC"], "tags": ["PHUM"]},
        ),
        doc(
            "walkout at the committee",
            date=PartialDate("2019-11"),
            collection="newyork",
            metadata={"from": "USUN NEW YORK", "to": ["SECSTATE WASHDC"], "tags": ["PREL"]},
        ),
        doc("walkout, year only", date=PartialDate("2016")),
        doc("walkout without a date"),
    )

    def ids(**kw: object) -> list[str]:
        page = store.search(SearchRequest(Term("walkout"), **kw))  # type: ignore[arg-type]
        return sorted(h.snippet.text for h in page.hits)

    assert len(ids()) == 4
    assert ids(date_from=PartialDate("2016-01-01"), date_to=PartialDate("2016-12-31")) == [
        "walkout at the council",
        "walkout, year only",
    ]
    # A year-precision date is not inside a one-month range.
    assert ids(date_from=PartialDate("2016-03"), date_to=PartialDate("2016-03")) == [
        "walkout at the council"
    ]
    assert ids(collection="newyork") == ["walkout at the committee"]
    assert ids(tag="phum") == ["walkout at the council"]
    assert ids(sender="geneva") == ["walkout at the council"]
    assert ids(recipient="SECSTATE") == ["walkout at the committee", "walkout at the council"]
    assert ids(sender="50%_") == []


def test_query_operators(store: SQLiteStore) -> None:
    add(
        store,
        doc("human rights council in Geneva"),
        doc("rights of the child"),
        doc("human resources in New York"),
    )

    def texts(query: object) -> list[str]:
        return sorted(h.snippet.text for h in store.search(SearchRequest(query)).hits)

    assert texts(Phrase(("human", "rights"))) == ["human rights council in Geneva"]
    assert len(texts(Or((Term("Geneva"), Term("York"))))) == 2
    assert texts(Not(Term("rights"), Term("human"))) == ["rights of the child"]
    assert texts(And((Term("hum", prefix=True), Term("york")))) == ["human resources in New York"]
    assert texts(Term("U.N.")) == []


def test_snippets_mark_matches(store: SQLiteStore) -> None:
    add(store, doc("The delegation walked out of the Third Committee vote."))
    hit = store.search(SearchRequest(Phrase(("third", "committee")))).hits[0]
    marked = [hit.snippet.text[a:b] for a, b in hit.snippet.marks]
    assert marked == ["Third Committee"] or marked == ["Third", "Committee"]


def test_private_use_marks_in_text_cannot_forge_highlights(store: SQLiteStore) -> None:
    add(store, doc("evil \ue000forged\ue001 council"))
    hit = store.search(SearchRequest(Term("council"))).hits[0]
    assert [hit.snippet.text[a:b] for a, b in hit.snippet.marks] == ["council"]


def test_the_index_holds_what_its_source_view_gives(tmp_path: Path) -> None:
    # The index is written from Python values in batches; FTS5's integrity check with rank 1
    # compares it, token by token, with documents_fts_source, the view it is declared over.
    s = SQLiteStore(tmp_path / "s", create=True)
    docs = [
        doc("evil \ue000forged\ue001 council", title="T\ue001itle", metadata={"subject": "X"}),
        doc("no title, no subject: Geneva"),
        doc("Résumé of the Third Committee", title="Cablegram 231", metadata={"subject": 5}),
    ]
    add(s, *docs)
    s.db.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
    assert s.search(SearchRequest(Term("forged"))).total == 1
    assert s.search(SearchRequest(Term("itle"))).total == 1  # the mark split the title
    s.close()


def test_documents_not_yet_committed_are_searchable_and_a_rollback_drops_them(
    tmp_path: Path,
) -> None:
    s = SQLiteStore(tmp_path / "s", create=True)
    s.add_document(doc("pending in Geneva"), None)
    assert s.search(SearchRequest(Term("geneva"))).total == 1
    assert s.facets(SearchRequest(Term("geneva")))["collection"][0]["count"] == 1
    s.add_document(doc("rolled back in Geneva"), None)
    s.rollback()
    s.add_document(doc("kept in New York"), None)
    s.commit()
    assert s.search(SearchRequest(Term("geneva"))).total == 0
    assert s.search(SearchRequest(Term("york"))).total == 1
    s.db.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
    s.close()


def test_names_for_timelines_come_from_the_index_alone(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "s", create=True)
    d = doc("The minister instructed the mission on 3 May 2016.")
    add(s, d)
    s.save_extraction(
        {
            "document": {"id": d.id},
            "entities": [{"id": "e1", "type": "PERSON", "name": "The minister"}],
            "timexes": [{"id": "t1", "type": "DATE", "value": "2016-05-03"}],
            "events": [
                {"id": "v1", "type": "DIRECTIVE", "time": "t1", "trigger": {"text": "instructed"},
                 "arguments": {"agent": "e1"}}
            ],
        }
    )  # fmt: skip
    s.commit()
    statements: list[str] = []
    s.db.set_trace_callback(statements.append)
    ((row,),) = s.event_chunks()
    s.db.set_trace_callback(None)
    assert row["times"] == {"t1": "2016-05-03"} and set(row["names"]) == {"e1"}
    (query,) = [q for q in statements if "JOIN facts f ON" in q]
    plan = " ".join(str(r[3]) for r in s.db.execute("EXPLAIN QUERY PLAN " + query))
    assert "COVERING INDEX facts_names" in plan
    s.close()


def test_snippet_from_marked() -> None:
    s = snippet_from_marked("a \ue000bc\ue001 d \ue000e\ue001")
    assert s.text == "a bc d e"
    assert [s.text[a:b] for a, b in s.marks] == ["bc", "e"]


def test_stats(store: SQLiteStore) -> None:
    add(
        store,
        doc("a", date=PartialDate("1947"), date_source=DateSource.DATELINE),
        doc("b", date=PartialDate("2016-03-14"), date_source=DateSource.METADATA),
    )
    stats = store.stats().as_dict()
    assert stats["documents"] == 2
    assert stats["date_range"] == ["1947", "2016-03-14"]
    assert stats["date_sources"] == {"dateline": 1, "metadata": 1}
    assert stats["collections"] == {"c": 2}


def test_empty_term_matches_nothing(store: SQLiteStore) -> None:
    add(store, doc("x"))
    assert store.search(SearchRequest(Term(""))).total == 0


metadata = st.dictionaries(
    st.sampled_from(["from", "subject", "classification", "note"]),
    st.text(min_size=1, max_size=20),
    max_size=4,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(min_size=1, max_size=200),
    title=st.none() | st.text(max_size=40),
    day=st.none() | st.dates(),
    meta=metadata,
    tags=st.lists(
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=5),
        max_size=3,
        unique_by=str.lower,
    ),
)
def test_round_trip(
    store: SQLiteStore,
    text: str,
    title: str | None,
    day: object,
    meta: dict[str, str],
    tags: list[str],
) -> None:
    date = PartialDate(day.isoformat()) if day is not None else None  # type: ignore[attr-defined]
    original = doc(
        text,
        title=title,
        date=date,
        metadata={**meta, "tags": tags},
        id=sha256_hex(repr((text, title, day, meta, tags)).encode()),
    )
    if store.has_document(original.id):
        return
    stored = store.add_document(original, None)
    store.commit()
    again = store.get_document(original.id)

    def kept(value: str | None) -> str | None:  # PostgreSQL text holds no NUL: U+FFFD, as ingest
        if value is None or type(store) is SQLiteStore:
            return value
        return value.replace("\x00", "\ufffd")

    assert again == replace(
        stored,
        text=kept(stored.text) or "",
        title=kept(stored.title),
        source=kept(stored.source) or "",
    )
    assert (again.text, again.title, again.date, again.metadata) == (
        kept(text),
        kept(title),
        date,
        original.metadata,
    )


def test_event_places_are_stored_and_filled_in_by_migrations_4_and_5(tmp_path: Path) -> None:
    s = SQLiteStore(tmp_path / "s", create=True)
    d = doc("The delegation walked out on 18 March 2016. It protested.")
    add(s, d)
    s.save_extraction(
        {
            "document": {"id": d.id},
            "timexes": [{"id": "t1", "type": "DATE", "value": "2016-03-18T10:00"}],
            "events": [
                {"id": "v1", "type": "PROTEST", "time": "t1", "trigger": {"text": "walked"}},
                {"id": "v2", "type": "PROTEST", "trigger": {"text": "protested"}},
            ],
        }
    )
    s.commit()

    def values() -> list[tuple[str | None, str, str]]:
        rows = s.db.execute(
            "SELECT value, sort_start, sort_end FROM facts WHERE kind = 'event' ORDER BY fact_id"
        )
        return [tuple(r) for r in rows]

    # v1 has its own date; v2 sits at the document's date, which is unknown here
    placed = [("2016-03-18", "2016-03-18", "2016-03-18"), (None, "9999", "9999")]
    assert values() == placed
    # a store written before events carried dates and places (schema 3)
    s.db.executescript(
        """UPDATE facts SET value = NULL WHERE kind = 'event';
           DROP INDEX facts_timeline;
           ALTER TABLE facts DROP COLUMN sort_start;
           ALTER TABLE facts DROP COLUMN sort_end;
           DROP TABLE originals;
           DROP INDEX facts_names;
           DROP TABLE reviews;
           DROP TABLE saved_searches;
           DROP TABLE grants;
           DROP TABLE audit;
           DROP TABLE api_tokens;
           DROP TABLE sessions;
           DROP TABLE users;
           ALTER TABLE facts DROP COLUMN review;
           PRAGMA user_version = 3;"""
    )
    s.close()
    s = SQLiteStore(tmp_path / "s")
    assert s.schema_version == migrations()[-1][0] and values() == placed
