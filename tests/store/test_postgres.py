"""What only the PostgreSQL store has: opening by DSN, its schema version, the statement
translation, search semantics against the SQLite store, and a clear error for a bad DSN."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from cabletrail.errors import SchemaError, StoreError, StoreNotFound
from cabletrail.model import SearchRequest
from cabletrail.model.query import And, Not, Or, Phrase, Term
from cabletrail.store import open_store
from cabletrail.store.postgres import PostgresStore, pg_migrations, redacted, translate
from cabletrail.store.sqlite import SQLiteStore, migrations
from tests.store.test_sqlite import add, doc


def test_translation_keeps_literals_and_casts() -> None:
    assert translate("SELECT ? , :name, '?:x%' FROM t WHERE a LIKE ?") == (
        "SELECT %s , %(name)s, '?:x%%' FROM t WHERE a ILIKE %s"
    )
    assert translate('SELECT a::jsonb, "end" FROM t') == 'SELECT a::jsonb, "end" FROM t'
    assert translate("BEGIN IMMEDIATE") == "BEGIN"


def test_a_dsn_opens_a_postgres_store_and_keeps_the_schema_in_step(postgres_dsn: str) -> None:
    with pytest.raises(StoreNotFound, match="ingest PATH"):
        open_store(postgres_dsn)
    store = open_store(postgres_dsn, create=True)
    assert isinstance(store, PostgresStore)
    assert store.schema_version == pg_migrations()[-1][0] == migrations()[-1][0]
    add(store, doc("kept"))
    store.close()
    again = open_store(postgres_dsn)
    assert again.stats().documents == 1
    again.close()
    with psycopg.connect(postgres_dsn, autocommit=True) as conn:
        conn.execute("UPDATE cabletrail_schema SET version = 999")
    with pytest.raises(SchemaError, match="upgrade cabletrail"):
        open_store(postgres_dsn)


def test_a_bad_dsn_is_one_clear_line_without_the_password() -> None:
    with pytest.raises(StoreError, match=r"cannot connect to postgresql://ana:\*\*\*@") as err:
        open_store("postgresql://ana:secret@127.0.0.1:1/none?connect_timeout=2")
    assert "secret" not in str(err.value) and "\n" not in str(err.value)
    assert redacted("postgresql://a:b@h/d") == "postgresql://a:***@h/d"


QUERIES = [
    Term("walkout"),
    Term("walk", prefix=True),
    Phrase(("human", "rights")),
    And((Term("council"), Term("human"))),
    Or((Term("geneva"), Term("york"))),
    Not(Term("rights"), Term("child")),
    Term("the"),
]
TEXTS = [
    "The delegation staged a walkout at the Human Rights Council in Geneva.",
    "Rights of the child were raised in New York.",
    "Human rights and the Third Committee: the delegation walked out.",
    "A council of ministers met in Geneva; human resources were discussed.",
]


@pytest.mark.parametrize("query", QUERIES, ids=str)
def test_search_finds_what_the_sqlite_store_finds(
    query: object, postgres_dsn: str, tmp_path: Path
) -> None:
    pg = PostgresStore(postgres_dsn, create=True)
    lite = SQLiteStore(tmp_path / "s", create=True)
    try:
        for s in (pg, lite):
            add(s, *[doc(t) for t in TEXTS])
        found = [
            sorted(h.id for h in s.search(SearchRequest(query, limit=50)).hits) for s in (pg, lite)
        ]
        assert found[0] == found[1]
        assert pg.facets(SearchRequest(query)) == lite.facets(SearchRequest(query))
    finally:
        pg.close()
        lite.close()
