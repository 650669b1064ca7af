"""The embedded store: SQLite (WAL, FTS5) plus originals, in one directory; originals up to
16 MiB are kept in the database, larger ones as files under ``originals/``."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from cabletrail.errors import DocumentNotFound, QueryError, SchemaError, StoreError, StoreNotFound
from cabletrail.model import (
    DateSource,
    Document,
    FileOutcome,
    FileStatus,
    PartialDate,
    SearchHit,
    SearchPage,
    SearchRequest,
    Snippet,
    StoreStats,
    leading_date,
)
from cabletrail.model.ids import sha256_hex
from cabletrail.model.review import reviewed
from cabletrail.store.base import EventPage, FileState
from cabletrail.store.fts5 import to_fts5
from cabletrail.store.originals import Originals

DB_NAME = "cabletrail.db"
FIRST_CHUNK = 50  # events in the first chunk of a whole timeline (event_chunks) …
LAST_CHUNK = 20_000  # … each next one 4x the last, up to this
NO_LIMIT = 2**62  # LIMIT of a page without one (a number both SQLite and PostgreSQL take)
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
SNIPPET_TOKENS = 24


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def migrations() -> list[tuple[int, str]]:
    folder = resources.files("cabletrail.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name.split("_", 1)[0]), entry.read_text("utf-8")))
    return sorted(found)


def snippet_from_marked(marked: str) -> Snippet:
    """Turn FTS5 snippet output with private-use marks into text plus mark offsets."""
    parts: list[str] = []
    marks: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for ch in marked:
        if ch == MARK_OPEN:
            start = length
        elif ch == MARK_CLOSE:
            if start is not None and length > start:
                marks.append((start, length))
            start = None
        else:
            parts.append(ch)
            length += 1
    return Snippet("".join(parts), tuple(marks))


# An event's place in a timeline (migration 0005): its own date, else its document's; as in
# query.record, 2016 covers 2016-01-01…2016-12-31 and sorts by (first day, last day, document).
# ``{month_end}`` is the last day of the month ``value`` (YYYY-MM) in the backend's SQL.
PLACE_EVENTS = """UPDATE facts SET
    sort_start = COALESCE(
        CASE length(value) WHEN 4 THEN value || '-01-01' WHEN 7 THEN value || '-01'
            ELSE value END,
        (SELECT d.date_start FROM documents d WHERE d.id = facts.document_id), '9999'),
    sort_end = COALESCE(
        CASE length(value) WHEN 4 THEN value || '-12-31'
            WHEN 7 THEN {month_end} ELSE value END,
        (SELECT d.date_end FROM documents d WHERE d.id = facts.document_id), '9999')
    WHERE kind = 'event' AND document_id = ?"""


class SQLiteStore:
    """A store directory: ``cabletrail.db`` and ``originals/`` (the originals too big to keep in
    the database)."""

    _shadow: str | None = None  # the key of the scope's resolution hiding the stored one

    QUERY_ERRORS: tuple[type[Exception], ...] = (sqlite3.OperationalError,)
    TEXT = "TEXT"  # the column type of text in temporary tables
    TEMP = "temp"  # the schema of temporary tables
    PLACE_EVENTS = PLACE_EVENTS.format(month_end="date(value || '-01', '+1 month', '-1 day')")

    def __init__(self, root: Path, *, create: bool = False) -> None:
        self.root = root
        self.location = str(root)
        db_path = root / DB_NAME
        if not db_path.exists():
            if not create:
                raise StoreNotFound(
                    f"no store at {root}; create one with `cabletrail --store {root} ingest PATH`"
                )
            try:
                root.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create store directory {root}: {exc.strerror}") from None
        try:
            self.db = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {db_path}: {exc}") from None
        self.db.row_factory = sqlite3.Row
        self.originals = Originals(root / "originals")
        self._in_tx = False
        self._unindexed: list[tuple[int, str, str, str]] = []  # see _index
        self.set_scope(None)
        try:
            self.db.execute("PRAGMA busy_timeout = 10000")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(f"{db_path} is not a usable cabletrail database: {exc}") from None

    # --- lifecycle ----------------------------------------------------------------------------
    def _migrate(self) -> None:
        current = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        known = migrations()
        latest = known[-1][0] if known else 0
        if current > latest:
            raise SchemaError(
                f"store {self.root} has schema version {current}, newer than this cabletrail "
                f"knows ({latest}); upgrade cabletrail"
            )
        for number, sql in known:
            if number <= current:
                continue
            try:
                self.db.execute("BEGIN IMMEDIATE")
                for statement in _statements(sql):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")
                self.db.execute("COMMIT")
            except sqlite3.Error as exc:
                self.db.execute("ROLLBACK")
                raise SchemaError(f"migration {number} failed on {self.root}: {exc}") from None

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        if self._in_tx:
            self.commit()
        self.db.close()

    def _begin(self) -> None:
        if not self._in_tx:
            self.db.execute("BEGIN IMMEDIATE")
            self._in_tx = True

    def commit(self) -> None:
        self._flush_index()
        self.originals.sync()
        if self._in_tx:
            self.db.execute("COMMIT")
            self._in_tx = False

    # --- scope (team mode) ----------------------------------------------------------------------
    def set_scope(
        self,
        collections: frozenset[str] | None,
        resolution: tuple[str, list[dict[str, Any]], list[dict[str, Any]]] | None = None,
    ) -> None:
        self.scope = collections
        if collections is None:
            self._unshadow()
            return
        key, clusters, links = resolution or ("none", [], [])
        if getattr(self, "_shadow", None) == key:
            return
        self._unshadow()
        # Temporary tables of the same names hide the stored entities from every query of
        # this connection: the scope's entities are only those of its own resolution.
        text = self.TEXT
        self.db.execute(
            f"""CREATE TEMP TABLE entity_clusters (id {text} PRIMARY KEY, type {text},
                name {text}, aliases {text}, keys {text}, documents INTEGER, mentions INTEGER)"""
        )
        self.db.execute(
            f"""CREATE TEMP TABLE entity_links (document_id {text}, fact_id {text},
                cluster_id {text}, score REAL, evidence {text},
                PRIMARY KEY (document_id, fact_id))"""
        )
        self.db.execute("CREATE INDEX entity_links_cluster_scoped ON entity_links(cluster_id)")
        self._write_resolution(clusters, links)
        self._shadow = key

    def _unshadow(self) -> None:
        if getattr(self, "_shadow", None) is not None:
            self.db.execute(f"DROP TABLE {self.TEMP}.entity_links")
            self.db.execute(f"DROP TABLE {self.TEMP}.entity_clusters")
        self._shadow = None

    def _in_scope(self, alias: str = "d") -> tuple[str, list[Any]]:
        """`` AND alias.collection IN (…)`` for a scoped store, else nothing."""
        if self.scope is None:
            return "", []
        if not self.scope:
            return " AND 1 = 0", []
        marks = ", ".join("?" * len(self.scope))
        return f" AND {alias}.collection IN ({marks})", sorted(self.scope)

    def rollback_failed(self) -> None:
        """After a statement failed inside a transaction: what the backend needs (nothing)."""

    def rollback(self) -> None:
        self._unindexed.clear()
        if self._in_tx:
            self.db.execute("ROLLBACK")
            self._in_tx = False

    # --- files --------------------------------------------------------------------------------
    def file_state(self, path: str) -> FileState | None:
        row = self.db.execute(
            "SELECT path, sha256, status, attempts FROM files WHERE path = ?", (path,)
        ).fetchone()
        if row is None:
            return None
        return FileState(row["path"], row["sha256"], row["status"], row["attempts"])

    def start_file(self, path: str, sha256: str, size: int) -> None:
        self._begin()
        now = _now()
        self.db.execute(
            """INSERT INTO files(path, sha256, size, status, attempts, first_seen, last_seen)
               VALUES (?, ?, ?, 'started', 1, ?, ?)
               ON CONFLICT(path) DO UPDATE SET
                 attempts = CASE WHEN files.sha256 = excluded.sha256
                                 THEN files.attempts + 1 ELSE 1 END,
                 sha256 = excluded.sha256, size = excluded.size, status = 'started',
                 reason = '', last_seen = excluded.last_seen""",
            (path, sha256, size, now, now),
        )

    def finish_file(self, outcome: FileOutcome, size: int) -> None:
        self._begin()
        now = _now()
        self.db.execute(
            """INSERT INTO files(path, sha256, size, format, status, reason, documents, attempts,
                                 first_seen, last_seen)
               VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
               ON CONFLICT(path) DO UPDATE SET
                 sha256 = excluded.sha256, size = excluded.size, format = excluded.format,
                 status = excluded.status, reason = excluded.reason,
                 documents = excluded.documents, last_seen = excluded.last_seen""",
            (
                outcome.path,
                outcome.sha256,
                size,
                outcome.format,
                str(outcome.status),
                outcome.reason,
                outcome.documents,
                now,
                now,
            ),
        )

    def files(self, status: str | None = None) -> list[FileOutcome]:
        sql = "SELECT * FROM files"
        args: tuple[str, ...] = ()
        if status:
            sql += " WHERE status = ?"
            args = (status,)
        return [
            FileOutcome(
                r["path"],
                FileStatus(r["status"]),
                r["reason"],
                r["documents"],
                0,
                r["sha256"],
                r["format"] or "",
                r["attempts"],
            )
            for r in self.db.execute(sql + " ORDER BY path", args)
        ]

    # --- documents ----------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None

    # Originals up to this size are kept in the database (migration 0010), larger ones as files.
    INLINE_ORIGINAL_BYTES = 16 * 1024 * 1024

    def put_original(self, data: bytes) -> str:
        if len(data) > self.INLINE_ORIGINAL_BYTES:
            return self.originals.put(data)
        digest = sha256_hex(data)
        self._begin()
        self.db.execute(
            "INSERT INTO originals(sha256, data) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (digest, data),
        )
        return digest

    def read_original(self, sha256: str) -> bytes:
        row = self.db.execute("SELECT data FROM originals WHERE sha256 = ?", (sha256,)).fetchone()
        return bytes(row[0]) if row is not None else self._original_file(sha256)

    def _original_file(self, sha256: str) -> bytes:
        return self.originals.get(sha256)

    def add_document(self, document: Document, source_key: str | None) -> Document:
        self._begin()
        previous = None
        if source_key is not None:
            row = self.db.execute(
                "SELECT document_id FROM sources WHERE key = ?", (source_key,)
            ).fetchone()
            if row is not None and row[0] != document.id:
                previous = row[0]
        date = document.date
        ingested_at = document.ingested_at or _now()
        cur = self.db.execute(
            """INSERT INTO documents(id, blob, record, source, collection, format, encoding, title,
                 subject, sender, classification, date, date_start, date_end, date_source,
                 previous_version, text, metadata, ingested_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               RETURNING rowid""",
            (
                document.id,
                document.blob,
                document.record,
                document.source,
                document.collection,
                document.format,
                document.encoding,
                document.title,
                _str_or_none(document.metadata.get("subject")),
                document.sender,
                _str_or_none(document.metadata.get("classification")),
                date.value if date else None,
                date.start if date else None,
                date.end if date else None,
                str(document.date_source),
                previous,
                document.text,
                json.dumps(document.metadata, ensure_ascii=False, default=str),
                ingested_at,
            ),
        )
        rowid = cur.fetchone()[0]
        self.db.executemany(
            "INSERT INTO document_tags(doc, tag) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(rowid, t) for t in document.tags],
        )
        self.db.executemany(
            "INSERT INTO document_recipients(doc, recipient) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(rowid, r) for r in document.recipients],
        )
        self._index(rowid, document)
        if source_key is not None:
            self.db.execute(
                """INSERT INTO sources(key, document_id) VALUES (?, ?)
                   ON CONFLICT(key) DO UPDATE SET document_id = excluded.document_id""",
                (source_key, document.id),
            )
        if previous is not None:
            self.db.execute(
                "UPDATE documents SET superseded_by = ? WHERE id = ?", (document.id, previous)
            )
        return replace(document, previous_version=previous, ingested_at=ingested_at)

    def _index(self, rowid: int, document: Document) -> None:
        """Queue a new document for the full-text index; :meth:`_flush_index` adds the queue
        before the transaction commits or a search runs.

        One insert per document cost twice as much: every later statement that opens a
        savepoint (an upsert, a foreign-key check) makes FTS5 write its pending terms out as a
        segment, so each document became a segment of its own, merged again and again. The
        values are what the index's source view (``documents_fts_source``) gives for the row;
        reading them back through the view cost as much again as indexing them.
        """
        self._unindexed.append(
            (
                rowid,
                _unmarked(document.title),
                _unmarked(_str_or_none(document.metadata.get("subject"))),
                _unmarked(document.text),
            )
        )

    def _flush_index(self) -> None:
        if self._unindexed:
            self.db.executemany(
                "INSERT INTO documents_fts(rowid, title, subject, text) VALUES (?, ?, ?, ?)",
                self._unindexed,
            )
            self._unindexed.clear()

    def document_ids(self, all_versions: bool = False) -> list[str]:
        scope, args = self._in_scope("documents")
        where = " WHERE 1 = 1" + ("" if all_versions else " AND superseded_by IS NULL") + scope
        return [
            r[0] for r in self.db.execute(f"SELECT id FROM documents{where} ORDER BY rowid", args)
        ]

    def get_document(self, id_or_prefix: str) -> Document:
        key = id_or_prefix.strip().lower()
        if len(key) < 6 or any(c not in "0123456789abcdef" for c in key):
            raise DocumentNotFound(
                f"{id_or_prefix!r} is not a document id; give the hex id or its first 6+ characters"
            )
        rows = self.db.execute(
            "SELECT * FROM documents WHERE id >= ? AND id < ? LIMIT 2", (key, key + "g")
        ).fetchall()
        if self.scope is not None:  # out of scope is not there, with the same message
            rows = [r for r in rows if r["collection"] in self.scope]
        if not rows:
            raise DocumentNotFound(f"no document with id {id_or_prefix!r} in {self.root}")
        if len(rows) > 1:
            raise DocumentNotFound(f"id prefix {id_or_prefix!r} is ambiguous; give more characters")
        return _document(rows[0])

    # --- queries ------------------------------------------------------------------------------
    def _filters(self, request: SearchRequest) -> tuple[list[str], list[Any]]:
        """The WHERE conditions (on ``documents d``) of a request's filters, with their values."""
        where: list[str] = []
        args: list[Any] = []
        if not request.all_versions:
            where.append("d.superseded_by IS NULL")
        if request.date_from is not None:
            where.append("d.date_start >= ?")
            args.append(request.date_from.start)
        if request.date_to is not None:
            where.append("d.date_end <= ?")
            args.append(request.date_to.end)
        if request.collection:
            where.append("d.collection = ?")
            args.append(request.collection)
        if request.tag:
            where.append(
                "EXISTS (SELECT 1 FROM document_tags t WHERE t.doc = d.rowid "
                "AND lower(t.tag) = lower(?))"
            )
            args.append(request.tag)
        if request.sender:
            where.append("d.sender LIKE ? ESCAPE '\\'")
            args.append(_like(request.sender))
        if request.recipient:
            where.append(
                "EXISTS (SELECT 1 FROM document_recipients r WHERE r.doc = d.rowid "
                "AND r.recipient LIKE ? ESCAPE '\\')"
            )
            args.append(_like(request.recipient))
        if request.topic:
            where.append(
                "EXISTS (SELECT 1 FROM facts t WHERE t.document_id = d.id "
                "AND t.kind = 'topic' AND t.type = ?)"
            )
            args.append(request.topic)
        if request.entity:
            where.append(
                "EXISTS (SELECT 1 FROM entity_links l WHERE l.document_id = d.id "
                "AND l.cluster_id = ?)"
            )
            args.append(request.entity)
        scope, scope_args = self._in_scope()
        if scope:
            where.append(scope.removeprefix(" AND "))
            args += scope_args
        return where, args

    def search(self, request: SearchRequest) -> SearchPage:
        where, args = self._filters(request)
        if request.query is None:
            return self._list(where, args, request)
        match = to_fts5(request.query)
        self._flush_index()
        filters = "".join(f" AND {w}" for w in where)
        base = (
            "FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
            f"WHERE documents_fts MATCH ?{filters}"
        )
        try:
            total = self.db.execute(f"SELECT count(*) {base}", [match, *args]).fetchone()[0]
            rows = self.db.execute(
                f"""SELECT d.id, d.title, d.date, d.source, d.collection,
                          snippet(documents_fts, -1, '{MARK_OPEN}', '{MARK_CLOSE}', '…',
                                  {SNIPPET_TOKENS}) AS snippet,
                          bm25(documents_fts, 5.0, 3.0, 1.0) AS rank
                    {base} ORDER BY rank LIMIT ? OFFSET ?""",
                [match, *args, request.limit, request.offset],
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise QueryError(f"search engine rejected the query ({exc})") from None
        hits = [search_hit(r, -float(r["rank"])) for r in rows]
        return SearchPage(hits, int(total))

    def _matching(self, request: SearchRequest) -> tuple[str, list[str], list[Any]]:
        """FROM, WHERE conditions and values of the documents a request matches."""
        where, args = self._filters(request)
        if request.query is None:
            return "documents d", where, args
        self._flush_index()
        return (
            "documents_fts f JOIN documents d ON d.rowid = f.rowid",
            ["documents_fts MATCH ?", *where],
            [to_fts5(request.query), *args],
        )

    def facets(self, request: SearchRequest, size: int = 10) -> dict[str, list[dict[str, Any]]]:
        source, where, args = self._matching(request)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        scope = f"SELECT d.rowid AS doc, d.id AS id FROM {source}{clause}"

        def counts(sql: str) -> list[dict[str, Any]]:
            try:
                rows = self.db.execute(sql, args).fetchall()
            except self.QUERY_ERRORS as exc:
                self.rollback_failed()
                raise QueryError(f"search engine rejected the query ({exc})") from None
            return [{"value": str(r[0]), "label": str(r[-1]), "count": int(r[1])} for r in rows]

        return {
            "collection": counts(
                f"""SELECT d.collection, count(*) FROM documents d JOIN ({scope}) s
                    ON s.doc = d.rowid GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {int(size)}"""
            ),
            "topic": counts(
                f"""SELECT t.type, count(DISTINCT t.document_id) FROM facts t JOIN ({scope}) s
                    ON s.id = t.document_id WHERE t.kind = 'topic'
                    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {int(size)}"""
            ),
            "year": counts(
                f"""SELECT substr(d.date_start, 1, 4), count(*) FROM documents d
                    JOIN ({scope}) s ON s.doc = d.rowid WHERE d.date_start IS NOT NULL
                    GROUP BY 1 ORDER BY 1"""
            ),
            "sender": counts(
                f"""SELECT d.sender, count(*) FROM documents d JOIN ({scope}) s
                    ON s.doc = d.rowid WHERE d.sender IS NOT NULL AND d.sender != ''
                    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {int(size)}"""
            ),
            "recipient": counts(
                f"""SELECT r.recipient, count(*) FROM document_recipients r JOIN ({scope}) s
                    ON s.doc = r.doc GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {int(size)}"""
            ),
            "entity": counts(
                f"""SELECT c.id, count(DISTINCT l.document_id), c.name
                    FROM entity_links l JOIN ({scope}) s ON s.id = l.document_id
                    JOIN entity_clusters c ON c.id = l.cluster_id
                    GROUP BY c.id ORDER BY 2 DESC, 3 LIMIT {int(size)}"""
            ),
        }

    def _list(self, where: list[str], args: list[Any], request: SearchRequest) -> SearchPage:
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        total = self.db.execute(f"SELECT count(*) FROM documents d{clause}", args).fetchone()[0]
        rows = self.db.execute(
            f"""SELECT id, title, date, source, collection, substr(text, 1, 200) AS head
                FROM documents d{clause}
                ORDER BY date_start IS NULL, date_start, id LIMIT ? OFFSET ?""",
            [*args, request.limit, request.offset],
        ).fetchall()
        hits = [
            SearchHit(
                r["id"],
                r["title"],
                _date(r["date"]),
                r["source"],
                r["collection"],
                Snippet(" ".join(r["head"].split())),
                0.0,
            )
            for r in rows
        ]
        return SearchPage(hits, int(total))

    # --- facts --------------------------------------------------------------------------------
    def stale_documents(self, version: str, config_hash: str) -> list[str]:
        rows = self.db.execute(
            """SELECT d.id FROM documents d
               LEFT JOIN extractions x ON x.document_id = d.id
               WHERE d.superseded_by IS NULL
                 AND (x.document_id IS NULL OR x.extractor_version != ?
                      OR x.config_hash != ?)
               ORDER BY d.rowid""",
            (version, config_hash),
        ).fetchall()
        return [r[0] for r in rows]

    def save_extraction(self, record: dict[str, Any]) -> None:
        doc_id = record["document"]["id"]
        stamp = record.get("extractor") or {}
        version, config = str(stamp.get("version", "")), str(stamp.get("config_hash", ""))
        stored = {
            **record,
            "document": {k: v for k, v in record["document"].items() if k != "text"},
        }
        self._begin()
        self.db.execute("DELETE FROM facts WHERE document_id = ?", (doc_id,))
        self.db.execute(
            """INSERT INTO extractions(document_id, extractor_version, config_hash, model,
                                       extracted_at, record)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT(document_id) DO UPDATE SET
                 extractor_version = excluded.extractor_version,
                 config_hash = excluded.config_hash, model = excluded.model,
                 extracted_at = excluded.extracted_at, record = excluded.record""",
            (
                doc_id,
                version,
                config,
                str(stamp.get("model", "")),
                _now(),
                json.dumps(stored, ensure_ascii=False),
            ),
        )
        self.db.executemany(
            """INSERT INTO facts(document_id, kind, fact_id, type, start, "end", text, value,
                                 data, extractor_version, config_hash)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [(doc_id, *row, version, config) for row in _fact_rows(record)],
        )
        self.db.execute(self.PLACE_EVENTS, (doc_id,))
        self._apply_reviews(doc_id, stored)

    # --- reviews --------------------------------------------------------------------------------
    def add_review(
        self,
        document_id: str,
        fact_id: str,
        action: str,
        correction: dict[str, Any],
        reviewer: str,
    ) -> dict[str, Any]:
        doc = self.get_document(document_id)
        row = self.db.execute(
            """SELECT start, "end" FROM facts
               WHERE document_id = ? AND kind = 'event' AND fact_id = ?""",
            (doc.id, fact_id),
        ).fetchone()
        if row is None or row["start"] is None:
            raise QueryError(f"document {doc.id[:12]} has no event {fact_id!r} to review")
        made_at = _now()
        self._begin()
        self.db.execute(
            """INSERT INTO reviews(document_id, kind, start, "end", action, correction,
                                   reviewer, made_at)
               VALUES (?, 'event', ?, ?, ?, ?, ?, ?)""",
            (
                doc.id,
                row["start"],
                row["end"],
                action,
                json.dumps(correction, ensure_ascii=False, sort_keys=True),
                reviewer,
                made_at,
            ),
        )
        record = self.db.execute(
            "SELECT record FROM extractions WHERE document_id = ?", (doc.id,)
        ).fetchone()
        self._apply_reviews(doc.id, json.loads(record[0]))
        self.commit()
        return {
            "document_id": doc.id,
            "fact_id": fact_id,
            "action": action,
            "correction": correction,
            "reviewer": reviewer,
            "made_at": made_at,
        }

    def reviews(self, document_id: str | None = None) -> list[dict[str, Any]]:
        where, args = ("WHERE document_id = ?", [document_id]) if document_id else ("", [])
        rows = self.db.execute(
            f"""SELECT document_id, kind, start, "end", action, correction, reviewer, made_at
                FROM reviews {where} ORDER BY rowid""",
            args,
        ).fetchall()
        return [{**dict(r), "correction": json.loads(r["correction"])} for r in rows]

    def _apply_reviews(self, doc_id: str, record: dict[str, Any]) -> None:
        """Put the latest review of each event in force on its fact row, starting from the
        extractor's own fact each time (a later review replaces an earlier one)."""
        latest = {
            (r["start"], r["end"]): r
            for r in self.db.execute(
                """SELECT start, "end", action, correction, reviewer, made_at FROM reviews
                   WHERE document_id = ? AND kind = 'event' ORDER BY rowid""",
                (doc_id,),
            )
        }
        if not latest:
            return
        times = {t.get("id"): t.get("value") for t in record.get("timexes", [])}
        for event in record.get("events", []):
            trigger = event.get("trigger") or {}
            review = latest.get((trigger.get("start"), trigger.get("end")))
            if review is None:
                continue
            fact = reviewed(event, review["action"], json.loads(review["correction"]))
            fact["review"] = {
                "action": review["action"],
                "reviewer": review["reviewer"],
                "made_at": review["made_at"],
            }
            own = fact.get("date") or event_date(times.get(event.get("time")))
            self.db.execute(
                """UPDATE facts SET review = ?, type = ?, value = ?, data = ?
                   WHERE document_id = ? AND kind = 'event' AND fact_id = ?""",
                (
                    review["action"],
                    fact["type"],
                    own,
                    json.dumps(fact, ensure_ascii=False),
                    doc_id,
                    event["id"],
                ),
            )
        self.db.execute(self.PLACE_EVENTS, (doc_id,))

    # --- accounts (team mode) ----------------------------------------------------------------
    def _write_now(self, sql: str, args: Any) -> None:
        """One statement, committed at once."""
        self._begin()
        self.db.execute(sql, args)
        self.commit()

    def add_user(self, name: str, password_hash: str, role: str) -> None:
        if self.get_user(name) is not None:
            raise StoreError(f"user {name!r} exists; change it with `cabletrail user set`")
        self._write_now(
            "INSERT INTO users(name, password, role, disabled, created_at) VALUES (?, ?, ?, 0, ?)",
            (name, password_hash, role, _now()),
        )

    def get_user(self, name: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT name, password, role, disabled, created_at FROM users WHERE name = ?", (name,)
        ).fetchone()
        return _flagged(row) if row else None

    def users(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT name, role, disabled, created_at FROM users ORDER BY name")
        return [_flagged(r) for r in rows]

    def update_user(
        self,
        name: str,
        *,
        role: str | None = None,
        disabled: bool | None = None,
        password_hash: str | None = None,
    ) -> None:
        if self.get_user(name) is None:
            raise StoreError(f"no user {name!r}; add one with `cabletrail user add {name}`")
        self._begin()
        if role is not None:
            self.db.execute("UPDATE users SET role = ? WHERE name = ?", (role, name))
        if disabled is not None:
            self.db.execute("UPDATE users SET disabled = ? WHERE name = ?", (int(disabled), name))
        if password_hash is not None:
            self.db.execute("UPDATE users SET password = ? WHERE name = ?", (password_hash, name))
        if disabled or password_hash is not None:  # whoever held a session must sign in again
            self.db.execute("DELETE FROM sessions WHERE user_name = ?", (name,))
        self.commit()

    def start_session(self, id_hash: str, user: str, csrf: str, now: float) -> None:
        self._write_now(
            """INSERT INTO sessions(id_hash, user_name, csrf, created_at, seen_at)
               VALUES (?, ?, ?, ?, ?)""",
            (id_hash, user, csrf, now, now),
        )

    def get_session(self, id_hash: str) -> dict[str, Any] | None:
        row = self.db.execute(
            """SELECT s.id_hash, s.user_name, s.csrf, s.created_at, s.seen_at, u.role, u.disabled
               FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.id_hash = ?""",
            (id_hash,),
        ).fetchone()
        return _flagged(row) if row else None

    def touch_session(self, id_hash: str, now: float) -> None:
        self._write_now("UPDATE sessions SET seen_at = ? WHERE id_hash = ?", (now, id_hash))

    def end_session(self, id_hash: str) -> None:
        self._write_now("DELETE FROM sessions WHERE id_hash = ?", (id_hash,))

    def grant(self, user: str, collection: str, level: str | None) -> None:
        """Let ``user`` read or write ``collection``; ``level`` None takes the grant away."""
        if self.get_user(user) is None:
            raise StoreError(f"no user {user!r}; add one with `cabletrail user add {user}`")
        self._write_now(
            "DELETE FROM grants WHERE user_name = ? AND collection = ?", (user, collection)
        )
        if level is not None:
            self.db.execute(
                "INSERT INTO grants(user_name, collection, level) VALUES (?, ?, ?)",
                (user, collection, level),
            )
        self.commit()

    def grants(self, user: str) -> dict[str, str]:
        rows = self.db.execute(
            "SELECT collection, level FROM grants WHERE user_name = ? ORDER BY collection", (user,)
        )
        return {r[0]: r[1] for r in rows}

    def add_token(self, token_hash: str, user: str, label: str) -> None:
        self._begin()
        self.db.execute(
            "INSERT INTO api_tokens(token_hash, user_name, label, created_at) VALUES (?, ?, ?, ?)",
            (token_hash, user, label, _now()),
        )

    def token_user(self, token_hash: str) -> dict[str, Any] | None:
        row = self.db.execute(
            """SELECT u.name, u.role, u.disabled FROM api_tokens t
               JOIN users u ON u.name = t.user_name WHERE t.token_hash = ?""",
            (token_hash,),
        ).fetchone()
        return _flagged(row) if row else None

    def add_audit(self, user: str | None, action: str, target: str, status: int) -> None:
        self._write_now(
            "INSERT INTO audit(at, user_name, action, target, status) VALUES (?, ?, ?, ?, ?)",
            (_now(), user, action, target[:2000], status),
        )

    def audit(self, user: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        where, args = ("WHERE user_name = ?", [user]) if user else ("", [])
        rows = self.db.execute(
            f"""SELECT at, user_name AS user, action, target, status FROM audit {where}
                ORDER BY rowid DESC LIMIT ?""",
            [*args, limit],
        )
        return [dict(r) for r in rows]

    # --- saved searches -------------------------------------------------------------------------
    def save_search(self, name: str, query: str, owner: str) -> None:
        self._write_now(
            """INSERT INTO saved_searches(name, query, owner, saved_at) VALUES (?, ?, ?, ?)
               ON CONFLICT(name) DO UPDATE SET query = excluded.query, owner = excluded.owner,
                 saved_at = excluded.saved_at""",
            (name, query, owner, _now()),
        )

    def saved_searches(self, owner: str | None = None) -> list[dict[str, Any]]:
        where, args = ("WHERE owner = ?", [owner]) if owner is not None else ("", [])
        rows = self.db.execute(
            f"""SELECT name, query, owner, saved_at FROM saved_searches {where}
                ORDER BY lower(name), name""",
            args,
        )
        return [dict(r) for r in rows]

    def get_extraction(self, doc_id: str) -> dict[str, Any] | None:
        doc = self.get_document(doc_id)
        row = self.db.execute(
            "SELECT record FROM extractions WHERE document_id = ?", (doc.id,)
        ).fetchone()
        if row is None:
            return None
        record: dict[str, Any] = json.loads(row[0])
        record["document"]["text"] = doc.text
        return record

    # --- resolution and the record across documents ------------------------------------------
    def entity_facts(self) -> list[dict[str, Any]]:
        scope, args = self._in_scope()
        rows = self.db.execute(
            f"""SELECT f.document_id, f.fact_id, f.type, f.value, f.data, d.date
               FROM facts f JOIN documents d ON d.id = f.document_id
               WHERE f.kind = 'entity' AND d.superseded_by IS NULL{scope}
               ORDER BY d.rowid, f.rowid""",
            args,
        ).fetchall()
        out = []
        for r in rows:
            data = json.loads(r["data"])
            out.append(
                {
                    "document_id": r["document_id"],
                    "fact_id": r["fact_id"],
                    "type": r["type"],
                    "name": r["value"],
                    "aliases": data.get("aliases", []),
                    "mentions": len(data.get("mentions", [])),
                    "date": r["date"],
                }
            )
        return out

    def resolution_stamp(self) -> str:
        row = self.db.execute(
            """SELECT (SELECT count(*) FROM facts WHERE kind = 'entity'),
                      (SELECT coalesce(max(rowid), 0) FROM facts WHERE kind = 'entity'),
                      (SELECT count(*) FROM entity_overrides)"""
        ).fetchone()
        return ":".join(str(v) for v in row)

    def entity_overrides(self) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.db.execute(
                "SELECT action, a, b, made_at FROM entity_overrides ORDER BY rowid"
            )
        ]

    def add_entity_override(self, action: str, a: str, b: str | None) -> None:
        self._begin()
        self.db.execute(
            "INSERT INTO entity_overrides(action, a, b, made_at) VALUES (?, ?, ?, ?)",
            (action, a, b, _now()),
        )

    def save_resolution(self, clusters: list[dict[str, Any]], links: list[dict[str, Any]]) -> None:
        self._begin()
        self.db.execute("DELETE FROM entity_links")
        self.db.execute("DELETE FROM entity_clusters")
        self._write_resolution(clusters, links)

    def _write_resolution(
        self, clusters: list[dict[str, Any]], links: list[dict[str, Any]]
    ) -> None:
        self.db.executemany(
            """INSERT INTO entity_clusters(id, type, name, aliases, keys, documents, mentions)
               VALUES (:id, :type, :name, :aliases, :keys, :documents, :mentions)""",
            [
                {
                    **c,
                    "aliases": json.dumps(c["aliases"], ensure_ascii=False),
                    "keys": json.dumps(c["keys"], ensure_ascii=False),
                }
                for c in clusters
            ],
        )
        self.db.executemany(
            """INSERT INTO entity_links(document_id, fact_id, cluster_id, score, evidence)
               VALUES (:document_id, :fact_id, :cluster_id, :score, :evidence)
               ON CONFLICT(document_id, fact_id) DO UPDATE SET cluster_id = excluded.cluster_id,
                 score = excluded.score, evidence = excluded.evidence""",
            links,
        )

    def clusters(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM entity_clusters ORDER BY documents DESC, name")
        return [
            {**dict(r), "aliases": json.loads(r["aliases"]), "keys": json.loads(r["keys"])}
            for r in rows
        ]

    def find_clusters(self, name_or_id: str) -> list[dict[str, Any]]:
        needle = name_or_id.strip()
        rows = self.db.execute(
            """SELECT * FROM entity_clusters
               WHERE id = ? OR name = ? COLLATE NOCASE
                  OR EXISTS (SELECT 1 FROM json_each(entity_clusters.aliases)
                             WHERE json_each.value = ? COLLATE NOCASE)
               ORDER BY (id = ?) DESC, (name = ? COLLATE NOCASE) DESC, documents DESC""",
            (needle, needle, needle, needle, needle),
        ).fetchall()
        return [
            {**dict(r), "aliases": json.loads(r["aliases"]), "keys": json.loads(r["keys"])}
            for r in rows
        ]

    def event_chunks(
        self,
        cluster: str | None = None,
        types: list[str] | None = None,
        topic: str | None = None,
        doc_ids: list[str] | None = None,
        page: EventPage | None = None,
        size: int | None = None,
    ) -> Iterator[list[dict[str, Any]]]:
        """Events with their document's date, arguments resolved to clusters where resolved,
        in timeline order, in chunks: the order is one query on row ids alone (the
        ``facts_timeline`` index), then each chunk's rows, sentences and names are read as it
        is asked for. A page comes in one chunk; a whole timeline in chunks of 50, 200, 800…
        events (the first come at once, and few large reads keep the whole as fast as one
        read); ``size`` fixes the chunk size."""
        page = page or EventPage()
        scope, args = self._in_scope()
        where = [
            "f.kind = 'event'",
            "d.superseded_by IS NULL",
            "(f.review IS NULL OR f.review != 'reject')",
        ]
        if scope:
            where.append(scope.removeprefix(" AND "))
        if types:
            where.append(f"f.type IN ({', '.join('?' * len(types))})")
            args += types
        if topic:
            where.append(
                "f.document_id IN (SELECT t.document_id FROM facts t "
                "WHERE t.kind = 'topic' AND t.type = ?)"
            )
            args.append(topic)
        if doc_ids is not None:
            where.append(
                f"f.document_id IN ({', '.join('?' * len(doc_ids))})" if doc_ids else "1 = 0"
            )
            args += doc_ids
        if cluster:
            # the documents that mention the cluster first (an index search), then the events
            # of those whose agent, recipient or target it is: 63 ms, not 166, whole corpus
            where.append(
                "f.document_id IN (SELECT document_id FROM entity_links WHERE cluster_id = ?)"
            )
            args.append(cluster)
            where.append(
                "EXISTS (SELECT 1 FROM entity_links l WHERE l.document_id = f.document_id "
                "AND l.cluster_id = ? AND l.fact_id IN (json_extract(f.data, '$.arguments.agent'),"
                " json_extract(f.data, '$.arguments.recipient'), "
                "json_extract(f.data, '$.arguments.target')))"
            )
            args.append(cluster)
        if page.date_from is not None:
            where.append("f.sort_start >= ?")
            args.append(page.date_from.start)
        if page.date_to is not None:
            where.append("f.sort_end <= ?")
            args.append(page.date_to.end)

        def ids(limit: int | None, offset: int) -> list[int]:
            return [
                r[0]
                for r in self.db.execute(
                    f"""SELECT f.rowid FROM facts f JOIN documents d ON d.id = f.document_id
                        WHERE {" AND ".join(where)}
                        ORDER BY f.kind, f.sort_start, f.sort_end, f.document_id, f.rowid
                        LIMIT ? OFFSET ?""",
                    [*args, NO_LIMIT if limit is None else limit, offset],
                )
            ]

        read = _EventReader(self)
        if size is not None or page.limit is not None:
            every = ids(page.limit, page.offset)
            for i, j in pairwise([*range(0, len(every), size or LAST_CHUNK), len(every)]):
                yield read(every[i:j])
            return
        # A whole timeline: the first events at once (their ids alone are a short read),
        # then the rest in chunks growing 4x, so that few large reads keep the whole fast.
        first = ids(FIRST_CHUNK, page.offset)
        if first:
            yield read(first)
        if len(first) < FIRST_CHUNK:
            return
        rest = ids(None, page.offset + FIRST_CHUNK)
        i, step = 0, FIRST_CHUNK * 4
        while i < len(rest):
            yield read(rest[i : i + step])
            i, step = i + step, min(step * 4, LAST_CHUNK)

    def _texts(self, doc_ids: set[str]) -> dict[str, str]:
        """Document id → text, to cut a chunk's sentences from: one read per document, where
        substr() in SQL read each event's document again (10-25% of a whole timeline)."""
        out: dict[str, str] = {}
        ids = sorted(doc_ids)
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            out.update(
                self.db.execute(
                    f"SELECT id, text FROM documents WHERE id IN ({', '.join('?' * len(part))})",
                    part,
                ).fetchall()
            )
        return out

    def _links(self, doc_ids: set[str]) -> dict[str, dict[str, tuple[str, str]]]:
        """document → local entity id → (cluster id, cluster name)."""
        out: dict[str, dict[str, tuple[str, str]]] = {}
        if not doc_ids:
            return out
        ids = sorted(doc_ids)
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            for r in self.db.execute(
                f"""SELECT l.document_id, l.fact_id, c.id, c.name FROM entity_links l
                    JOIN entity_clusters c ON c.id = l.cluster_id
                    WHERE l.document_id IN ({", ".join("?" * len(part))})""",
                part,
            ):
                out.setdefault(r[0], {})[r[1]] = (r[2], r[3])
        return out

    def extractions(self, doc_ids: list[str] | None = None) -> list[dict[str, Any]]:
        where, args = "d.superseded_by IS NULL", list(doc_ids or [])
        if doc_ids is not None:
            where += f" AND d.id IN ({', '.join('?' * len(doc_ids))})" if doc_ids else " AND 1 = 0"
        scope, scope_args = self._in_scope()
        where += scope
        args += scope_args
        rows = self.db.execute(
            f"""SELECT x.document_id, x.record, d.date, d.title FROM extractions x
               JOIN documents d ON d.id = x.document_id
               WHERE {where} ORDER BY d.date_start NULLS FIRST, d.rowid""",
            args,
        ).fetchall()
        links = self._links({r["document_id"] for r in rows})
        return [
            {
                "document_id": r["document_id"],
                "date": r["date"],
                "title": r["title"],
                "record": json.loads(r["record"]),
                "links": links.get(r["document_id"], {}),
            }
            for r in rows
        ]

    def relations(self, doc_ids: list[str] | None = None) -> list[dict[str, Any]]:
        only, args = "", list(doc_ids or [])
        if doc_ids is not None:
            only = f" AND d.id IN ({', '.join('?' * len(doc_ids))})" if doc_ids else " AND 1 = 0"
        scope, scope_args = self._in_scope()
        args += scope_args
        party = """(SELECT l.cluster_id FROM facts f JOIN entity_links l
                      ON l.document_id = f.document_id AND l.fact_id = f.fact_id
                    WHERE f.document_id = d.id AND f.kind = 'entity'
                      AND lower(f.value) = lower({name}) ORDER BY f.rowid DESC LIMIT 1)"""
        rows = self.db.execute(
            f"""SELECT lower(f.type) AS kind, la.cluster_id AS source, lr.cluster_id AS target,
                       d.date, d.id AS document_id
                FROM facts f JOIN documents d ON d.id = f.document_id
                JOIN entity_links la ON la.document_id = f.document_id
                     AND la.fact_id = json_extract(f.data, '$.arguments.agent')
                JOIN entity_links lr ON lr.document_id = f.document_id
                     AND lr.fact_id = json_extract(f.data, '$.arguments.recipient')
                WHERE f.kind = 'event' AND f.type IN ('DIRECTIVE', 'REQUEST')
                  AND (f.review IS NULL OR f.review != 'reject')
                  AND d.superseded_by IS NULL{only}{scope}
                UNION ALL
                SELECT 'correspondence', {party.format(name="d.sender")},
                       {party.format(name="r.recipient")}, d.date, d.id
                FROM documents d JOIN document_recipients r ON r.doc = d.rowid
                WHERE d.sender IS NOT NULL AND d.superseded_by IS NULL{only}{scope}""",
            args + args,
        ).fetchall()
        found = [dict(r) for r in rows if r["source"] is not None and r["target"] is not None]
        names = self._cluster_names({r["source"] for r in found} | {r["target"] for r in found})
        for r in found:
            r["source_name"], r["target_name"] = names[r["source"]], names[r["target"]]
        return found

    def _cluster_names(self, ids: set[str]) -> dict[str, str]:
        """Cluster id → name (as the scope shows it)."""
        out: dict[str, str] = {}
        ordered = sorted(ids)
        for i in range(0, len(ordered), 500):
            part = ordered[i : i + 500]
            marks = ", ".join("?" * len(part))
            sql = f"SELECT id, name FROM entity_clusters WHERE id IN ({marks})"
            out.update((r[0], r[1]) for r in self.db.execute(sql, part))
        return out

    def roles(self) -> list[dict[str, Any]]:
        scope, args = self._in_scope()
        rows = self.db.execute(
            f"""SELECT f.document_id, f.data, d.date, d.title,
                      c.id AS cluster_id, c.name AS cluster_name,
                      (SELECT t.value FROM facts t WHERE t.document_id = f.document_id
                         AND t.kind = 'timex' AND t.fact_id = json_extract(f.data, '$.time'))
                        AS time_value
               FROM facts f JOIN documents d ON d.id = f.document_id
               LEFT JOIN entity_links l ON l.document_id = f.document_id
                                       AND l.fact_id = json_extract(f.data, '$.person')
               LEFT JOIN entity_clusters c ON c.id = l.cluster_id
               WHERE f.kind = 'role' AND d.superseded_by IS NULL{scope}""",
            args,
        ).fetchall()
        return [{**dict(r), "role": json.loads(r["data"])} for r in rows]

    def cluster_documents(self, cluster_id: str) -> list[dict[str, Any]]:
        scope, args = self._in_scope()
        rows = self.db.execute(
            f"""SELECT d.id, d.date, d.title FROM documents d
               WHERE d.id IN (SELECT l.document_id FROM entity_links l WHERE l.cluster_id = ?)
               {scope} ORDER BY d.date_start NULLS FIRST, d.rowid""",
            (cluster_id, *args),
        ).fetchall()
        return [dict(r) for r in rows]

    def cooccurring(self, cluster_id: str, limit: int = 10) -> list[dict[str, Any]]:
        scope, args = self._in_scope()
        rows = self.db.execute(
            f"""SELECT c.id, c.name, c.type, count(DISTINCT o.document_id) AS documents
               FROM entity_links l JOIN entity_links o ON o.document_id = l.document_id
               JOIN entity_clusters c ON c.id = o.cluster_id
               JOIN documents d ON d.id = o.document_id
               WHERE l.cluster_id = ? AND o.cluster_id != ?{scope}
               GROUP BY c.id ORDER BY documents DESC, c.name LIMIT ?""",
            (cluster_id, cluster_id, *args, limit),
        ).fetchall()
        return [dict(r) for r in rows]

    def topic_counts(self) -> list[dict[str, Any]]:
        scope, args = self._in_scope()
        rows = self.db.execute(
            f"""SELECT f.type AS topic, count(DISTINCT f.document_id) AS documents,
                      min(d.date) AS first, max(d.date) AS last
               FROM facts f JOIN documents d ON d.id = f.document_id
               WHERE f.kind = 'topic' AND d.superseded_by IS NULL{scope}
               GROUP BY f.type ORDER BY documents DESC, topic""",
            args,
        ).fetchall()
        return [dict(r) for r in rows]

    def stats(self) -> StoreStats:
        """Counts of the documents (readable ones, when scoped); files, which belong to no
        collection, only for the whole store."""
        scope, args = self._in_scope()
        where = f" WHERE 1 = 1{scope}"

        def pairs(sql: str, values: list[Any] = args) -> dict[str, int]:
            return {str(r[0]): int(r[1]) for r in self.db.execute(sql, values)}

        documents = self.db.execute(f"SELECT count(*) FROM documents d{where}", args).fetchone()
        first, last = self.db.execute(
            f"SELECT min(date), max(date) FROM documents d{where} AND date IS NOT NULL", args
        ).fetchone()
        files, size, by_status = 0, 0, {}
        if self.scope is None:
            files, size = self.db.execute(
                "SELECT count(*), coalesce(sum(size), 0) FROM files"
            ).fetchone()
            by_status = pairs("SELECT status, count(*) FROM files GROUP BY status", [])
        return StoreStats(
            documents=int(documents[0]),
            by_status=by_status,
            collections=pairs(
                f"SELECT collection, count(*) FROM documents d{where} GROUP BY 1 ORDER BY 1"
            ),
            date_range=(first, last) if first else None,
            date_sources=pairs(f"SELECT date_source, count(*) FROM documents d{where} GROUP BY 1"),
            formats=pairs(f"SELECT format, count(*) FROM documents d{where} GROUP BY 1 ORDER BY 1"),
            files=int(files),
            bytes=int(size),
        )


def event_date(value: Any) -> str | None:
    """An event's own date: the date its time expression's value starts with, or None."""
    found = leading_date(value) if isinstance(value, str) else None
    return found.value if found else None


def _fact_rows(record: dict[str, Any]) -> list[tuple[Any, ...]]:
    """(kind, fact_id, type, start, end, text, value, data) for every fact of a record."""
    rows: list[tuple[Any, ...]] = []

    def add(
        kind: str, fact: dict[str, Any], fact_id: Any, kind_type: Any, span: Any, value: Any
    ) -> None:
        start = span.get("start") if isinstance(span, dict) else None
        end = span.get("end") if isinstance(span, dict) else None
        text = span.get("text") if isinstance(span, dict) else None
        rows.append(
            (
                kind,
                fact_id,
                kind_type,
                start,
                end,
                text,
                value,
                json.dumps(fact, ensure_ascii=False),
            )
        )

    for e in record.get("entities", []):
        first = e["mentions"][0] if e.get("mentions") else None
        add("entity", e, e["id"], e["type"], first, e["name"])
    for t in record.get("timexes", []):
        add("timex", t, t["id"], t["type"], t, t.get("value"))
    times = {t.get("id"): t.get("value") for t in record.get("timexes", [])}
    for ev in record.get("events", []):
        add(
            "event",
            ev,
            ev["id"],
            ev["type"],
            ev.get("trigger"),
            event_date(times.get(ev.get("time"))),
        )
    for r in record.get("roles", []):
        add("role", r, r.get("person"), r.get("qualifier"), r.get("span"), r.get("title"))
    for q in record.get("quotes", []):
        add(
            "quote",
            q,
            q.get("speaker"),
            "anonymous" if q.get("anonymous") else "attributed",
            q,
            q.get("speaker_text"),
        )
    for topic in record.get("topics", []):
        add("topic", topic, None, topic["label"], None, str(topic.get("score")))
    return rows


class _EventReader:
    """Reads event rows by row id for :meth:`SQLiteStore.event_chunks`, with the names, time
    values and clusters their arguments refer to: only those, each read once per timeline."""

    ARGUMENTS = ("agent", "recipient", "target", "forum")
    PAIRS = 2000  # (document, fact id) pairs a statement looks up

    def __init__(self, store: SQLiteStore) -> None:
        self.store = store
        self.names: dict[tuple[str, str], str] = {}  # (document, entity id) → name
        self.times: dict[tuple[str, str], str] = {}  # (document, timex id) → value
        self.links: dict[tuple[str, str], tuple[str, str]] = {}  # → (cluster id, name)
        self.seen: set[tuple[str, str]] = set()

    def __call__(self, part: list[int]) -> list[dict[str, Any]]:
        if not part:
            return []
        rank = {rowid: n for n, rowid in enumerate(part)}
        rows = self.store.db.execute(
            f"""SELECT f.rowid, f.document_id, f.data, d.date, d.title, d.source
                FROM facts f JOIN documents d ON d.id = f.document_id
                WHERE f.rowid IN ({", ".join("?" * len(part))})""",
            part,
        ).fetchall()
        rows.sort(key=lambda r: rank[r["rowid"]])
        events = [json.loads(r["data"]) for r in rows]
        refs = [self._refs(r["document_id"], e) for r, e in zip(rows, events, strict=True)]
        self._read({pair for pairs in refs for pair in pairs} - self.seen)
        texts = self.store._texts({r["document_id"] for r in rows})
        out = []
        for r, event, pairs in zip(rows, events, refs, strict=True):
            doc = r["document_id"]
            span = event.get("sentence") or {}
            time = event.get("time")
            out.append(
                {
                    "document_id": doc,
                    "date": r["date"],
                    "title": r["title"],
                    "source": r["source"],
                    "event": event,
                    "sentence": texts[doc][int(span.get("start", 0)) : int(span.get("end", 0))],
                    "names": {i: self.names[d, i] for d, i in pairs if (d, i) in self.names},
                    "times": {time: self.times[doc, time]} if (doc, time) in self.times else {},
                    "links": {i: self.links[d, i] for d, i in pairs if (d, i) in self.links},
                }
            )
        return out

    def _refs(self, doc: str, event: dict[str, Any]) -> list[tuple[str, str]]:
        """The (document, fact id) pairs an event's arguments and time refer to."""
        args = event.get("arguments") or {}
        ids = [args.get(a) for a in self.ARGUMENTS] + [event.get("time")]
        return [(doc, i) for i in ids if isinstance(i, str)]

    def _read(self, pairs: set[tuple[str, str]]) -> None:
        wanted = sorted(pairs)
        self.seen |= pairs
        for i in range(0, len(wanted), self.PAIRS):
            part = wanted[i : i + self.PAIRS]
            flat = [x for pair in part for x in pair]
            values = ", ".join(["(?, ?)"] * len(part))
            for d, fid, kind, value in self.store.db.execute(  # kind IN (…) as in facts_names
                f"""WITH w(d, i) AS (VALUES {values})
                    SELECT w.d, w.i, f.kind, f.value FROM w JOIN facts f ON f.document_id = w.d
                      AND f.kind IN ('entity', 'timex') AND f.fact_id = w.i""",
                flat,
            ):
                (self.names if kind == "entity" else self.times)[d, fid] = value
            for d, fid, cluster, name in self.store.db.execute(
                f"""WITH w(d, i) AS (VALUES {values})
                    SELECT w.d, w.i, c.id, c.name FROM w
                    JOIN entity_links l ON l.document_id = w.d AND l.fact_id = w.i
                    JOIN entity_clusters c ON c.id = l.cluster_id""",
                flat,
            ):
                self.links[d, fid] = (cluster, name)


def _unmarked(text: str | None) -> str:
    """The text as ``documents_fts_source`` indexes it: snippet marks blanked, NULL empty."""
    return (text or "").replace(MARK_OPEN, " ").replace(MARK_CLOSE, " ")


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements (complete per sqlite3.complete_statement)."""
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        if not buffer and line.lstrip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def search_hit(row: Any, score: float) -> SearchHit:
    """A hit from a result row (id, title, date, source, collection, marked snippet)."""
    return SearchHit(
        row["id"],
        row["title"],
        _date(row["date"]),
        row["source"],
        row["collection"],
        snippet_from_marked(row["snippet"] or ""),
        round(score, 4),
    )


def _flagged(row: Any) -> dict[str, Any]:
    """A users row as a dict, ``disabled`` a bool."""
    return {**dict(row), "disabled": bool(row["disabled"])}


def _date(value: str | None) -> PartialDate | None:
    return PartialDate(value) if value else None


def _document(row: sqlite3.Row) -> Document:
    return Document(
        id=row["id"],
        source=row["source"],
        collection=row["collection"],
        format=row["format"],
        text=row["text"],
        blob=row["blob"],
        record=row["record"],
        title=row["title"],
        date=_date(row["date"]),
        date_source=DateSource(row["date_source"]),
        encoding=row["encoding"],
        metadata=json.loads(row["metadata"]),
        previous_version=row["previous_version"],
        superseded_by=row["superseded_by"],
        ingested_at=row["ingested_at"],
    )
