"""The team store: PostgreSQL (``--store postgresql://…``), behind the same :class:`Store`
protocol as the embedded SQLite store.

The schema (``pg_migrations/``) has the SQLite schema's tables and columns, so the queries of
:class:`~cabletrail.store.sqlite.SQLiteStore` run here unchanged through a thin connection
adapter (``?`` → ``%s``, ``:name`` → ``%(name)s``, case-insensitive ``LIKE``); what differs
is overridden below: full-text search (a weighted ``tsvector`` with a GIN index, queried with
a tsquery built from the same query tree), snippets (``ts_headline`` with the same private
marks), originals (a table: a team's server has no shared folder), the schema version (a
table) and the transaction and error handling of a server connection.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from cabletrail.errors import QueryError, SchemaError, StoreError, StoreNotFound
from cabletrail.model import Document, SearchPage, SearchRequest
from cabletrail.model.query import And, Node, Not, Or, Phrase, Term
from cabletrail.store.sqlite import (
    MARK_CLOSE,
    MARK_OPEN,
    PLACE_EVENTS,
    SNIPPET_TOKENS,
    SQLiteStore,
    search_hit,
)

CONFIG = "cabletrail"  # the text search configuration: English stems, no stop words (as FTS5)


def redacted(dsn: str) -> str:
    """A DSN fit to show: without its password."""
    parts = urlsplit(dsn)
    if parts.password is None:
        return dsn
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def pg_migrations() -> list[tuple[int, str]]:
    folder = resources.files("cabletrail.store").joinpath("pg_migrations")
    found = [
        (int(entry.name.split("_", 1)[0]), entry.read_text("utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    ]
    return sorted(found)


_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|(?<![:\w]):([A-Za-z_]\w*)|%")


@functools.lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """An SQLite statement of the store as PostgreSQL takes it through psycopg."""

    def swap(m: re.Match[str]) -> str:
        piece = m.group(0)
        if piece == "?":
            return "%s"
        if piece == "%":
            return "%%"
        if m.group(1):
            return f"%({m.group(1)})s"
        return piece.replace("%", "%%")  # a quoted literal or name

    sql = sql.replace("BEGIN IMMEDIATE", "BEGIN").replace(" LIKE ", " ILIKE ")
    return _PLACEHOLDER.sub(swap, sql)


class _Row(tuple[Any, ...]):
    """A result row readable by position and by column name, as ``sqlite3.Row``."""

    names: dict[str, int]

    def __new__(cls, values: Sequence[Any], names: dict[str, int]) -> _Row:
        row = super().__new__(cls, values)
        row.names = names
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


def _rows(cursor: Any) -> Callable[[Sequence[Any]], _Row]:
    names = {d.name: i for i, d in enumerate(cursor.description or [])}
    return lambda values: _Row(values, names)


def _clean(value: Any) -> Any:
    """PostgreSQL text holds no NUL; ingest writes U+FFFD for it, and so does this store."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


def _params(args: Sequence[Any] | dict[str, Any]) -> list[Any] | dict[str, Any]:
    if isinstance(args, dict):
        return {k: _clean(v) for k, v in args.items()}
    return [_clean(v) for v in args]


class _Connection:
    """What the SQLite store's code calls on ``self.db``, over a psycopg connection."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, sql: str, args: Sequence[Any] | dict[str, Any] = ()) -> Any:
        cursor = self.conn.cursor(row_factory=_rows)
        cursor.execute(translate(sql), _params(args))
        return cursor

    def executemany(self, sql: str, rows: Iterable[Any]) -> Any:
        cursor = self.conn.cursor()
        batch = [_params(r) for r in rows]
        if batch:
            cursor.executemany(translate(sql), batch)
        return cursor

    def close(self) -> None:
        self.conn.close()


def _literal(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def to_tsquery(node: Node) -> tuple[str, list[str]]:
    """The query tree as an SQL tsquery expression and its values."""
    if isinstance(node, Term):
        if node.prefix:
            return f"to_tsquery('{CONFIG}', ?)", [_literal(node.word) + ":*"]
        return f"plainto_tsquery('{CONFIG}', ?)", [node.word]
    if isinstance(node, Phrase):
        return f"phraseto_tsquery('{CONFIG}', ?)", [" ".join(node.words)]
    if isinstance(node, And | Or):
        parts = [to_tsquery(p) for p in node.parts]
        joiner = " && " if isinstance(node, And) else " || "
        return "(" + joiner.join(p[0] for p in parts) + ")", [a for p in parts for a in p[1]]
    assert isinstance(node, Not)
    keep, drop = to_tsquery(node.keep), to_tsquery(node.drop)
    return f"({keep[0]} && !!{drop[0]})", keep[1] + drop[1]


class PostgresStore(SQLiteStore):
    """A store in a PostgreSQL database named by a ``postgresql://`` DSN."""

    TEXT = 'TEXT COLLATE "C"'
    TEMP = "pg_temp"

    PLACE_EVENTS = PLACE_EVENTS.format(
        month_end="to_char(to_date(value || '-01', 'YYYY-MM-DD') "
        "+ interval '1 month' - interval '1 day', 'YYYY-MM-DD')"
    )

    def __init__(self, dsn: str, *, create: bool = False) -> None:
        import psycopg

        self.QUERY_ERRORS = (psycopg.errors.Error,)
        self.location = dsn
        self.root = redacted(dsn)  # type: ignore[assignment]  # shown in messages
        try:
            # no server-side prepared statements: a plan cached before the temporary entity
            # tables of a scope (set_scope) existed would still read the stored ones
            conn = psycopg.connect(dsn, autocommit=True, prepare_threshold=None)
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"cannot connect to {self.root}: {reason}") from None
        self.db = _Connection(conn)  # type: ignore[assignment]
        self._in_tx = False
        self._unindexed = []  # never filled: documents.tsv is a generated column
        self.set_scope(None)
        try:
            self._migrate_pg(create)
        except BaseException:
            conn.close()
            raise

    # --- lifecycle ----------------------------------------------------------------------------
    def _migrate_pg(self, create: bool) -> None:
        import psycopg

        conn = self.db.conn  # type: ignore[attr-defined]
        known = pg_migrations()
        latest = known[-1][0]
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(8675309)")  # one migrator at a time
            exists = conn.execute("SELECT to_regclass('cabletrail_schema')").fetchone()[0]
            current = 0
            if exists is not None:
                current = int(conn.execute("SELECT version FROM cabletrail_schema").fetchone()[0])
            elif not create:
                raise StoreNotFound(
                    f"no cabletrail store in {self.root}; create one with "
                    f"`cabletrail --store {self.root} ingest PATH`"
                )
            if current > latest:
                raise SchemaError(
                    f"store {self.root} has schema version {current}, newer than this "
                    f"cabletrail knows ({latest}); upgrade cabletrail"
                )
            try:
                if exists is None:
                    conn.execute(
                        f"CREATE TEXT SEARCH DICTIONARY {CONFIG}_stem "
                        "(TEMPLATE = snowball, Language = english)"
                    )
                    conn.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)")
                    conn.execute(
                        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
                        "asciiword, asciihword, hword_asciipart, word, hword, hword_part "
                        f"WITH {CONFIG}_stem"
                    )
                    conn.execute("CREATE TABLE cabletrail_schema (version INTEGER NOT NULL)")
                    conn.execute("INSERT INTO cabletrail_schema VALUES (0)")
                for number, sql in known:
                    if number > current:
                        conn.execute(sql.replace("'english'", f"'{CONFIG}'"))
                        conn.execute("UPDATE cabletrail_schema SET version = %s", (number,))
            except psycopg.Error as exc:
                raise SchemaError(f"migration failed on {self.root}: {exc}") from None

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("SELECT version FROM cabletrail_schema").fetchone()[0])

    def rollback_failed(self) -> None:
        self.rollback()

    def commit(self) -> None:
        if self._in_tx:
            self.db.execute("COMMIT")
            self._in_tx = False

    # --- originals ----------------------------------------------------------------------------
    INLINE_ORIGINAL_BYTES = sys.maxsize  # every original lives in the table

    def _original_file(self, sha256: str) -> bytes:
        raise StoreError(f"original {sha256} is missing from {self.root}")

    # --- search -------------------------------------------------------------------------------
    def _index(self, rowid: int, document: Document) -> None:
        """Nothing to do: ``documents.tsv`` is a generated column."""

    def _matching(self, request: SearchRequest) -> tuple[str, list[str], list[Any]]:
        where, args = self._filters(request)
        if request.query is None:
            return "documents d", where, args
        query, values = to_tsquery(request.query)
        return "documents d", [f"d.tsv @@ {query}", *where], [*values, *args]

    def search(self, request: SearchRequest) -> SearchPage:
        where, args = self._filters(request)
        if request.query is None:
            return self._list(where, args, request)
        query, values = to_tsquery(request.query)
        filters = "".join(f" AND {w}" for w in where)
        base = f"FROM documents d, (SELECT {query} AS q) m WHERE d.tsv @@ m.q{filters}"
        options = (
            f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords={SNIPPET_TOKENS}, "
            "MinWords=12, ShortWord=2, HighlightAll=false"
        )
        try:
            total = self.db.execute(f"SELECT count(*) {base}", [*values, *args]).fetchone()[0]
            rows = self.db.execute(
                f"""SELECT d.id, d.title, d.date, d.source, d.collection,
                          ts_headline('{CONFIG}',
                              replace(replace(d.text, chr(57344), ' '), chr(57345), ' '),
                              m.q, '{options}') AS snippet,
                          ts_rank_cd(d.tsv, m.q) AS rank
                    {base} ORDER BY rank DESC, d.id LIMIT ? OFFSET ?""",
                [*values, *args, request.limit, request.offset],
            ).fetchall()
        except self.QUERY_ERRORS as exc:
            self.rollback_failed()
            raise QueryError(f"search engine rejected the query ({exc})") from None
        hits = [search_hit(r, float(r["rank"])) for r in rows]
        return SearchPage(hits, int(total))

    # --- the record ---------------------------------------------------------------------------
    def find_clusters(self, name_or_id: str) -> list[dict[str, Any]]:
        import json

        needle = name_or_id.strip()
        rows = self.db.execute(
            """SELECT * FROM entity_clusters
               WHERE id = ? OR lower(name) = lower(?)
                  OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(aliases::jsonb) a
                             WHERE lower(a) = lower(?))
               ORDER BY (id = ?) DESC, (lower(name) = lower(?)) DESC, documents DESC""",
            (needle, needle, needle, needle, needle),
        ).fetchall()
        return [
            {**dict(r), "aliases": json.loads(r["aliases"]), "keys": json.loads(r["keys"])}
            for r in rows
        ]
