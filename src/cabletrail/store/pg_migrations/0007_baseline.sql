-- cabletrail store schema for PostgreSQL, at version 7 of the SQLite schema (migrations/):
-- the same tables and columns, so one set of queries serves both. Differences: ids are
-- BIGSERIAL; text compares byte-wise (COLLATE "C", as SQLite does); full-text search is a
-- stored tsvector with a GIN index instead of FTS5; originals live in a table, not on disk
-- (a team's server has no shared folder); json_extract() is defined for the queries that use
-- SQLite's. Later migrations carry the same number in both folders.

CREATE FUNCTION json_extract(doc TEXT, path TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (doc::jsonb) #>> string_to_array(substr(path, 3), '.') $$;

CREATE TABLE documents (
    rowid            BIGSERIAL PRIMARY KEY,
    id               TEXT COLLATE "C" NOT NULL UNIQUE,
    blob             TEXT COLLATE "C" NOT NULL,
    record           TEXT COLLATE "C",
    source           TEXT COLLATE "C" NOT NULL,
    collection       TEXT COLLATE "C" NOT NULL,
    format           TEXT COLLATE "C" NOT NULL,
    encoding         TEXT COLLATE "C",
    title            TEXT COLLATE "C",
    subject          TEXT COLLATE "C",
    sender           TEXT COLLATE "C",
    classification   TEXT COLLATE "C",
    date             TEXT COLLATE "C",
    date_start       TEXT COLLATE "C",
    date_end         TEXT COLLATE "C",
    date_source      TEXT COLLATE "C" NOT NULL,
    previous_version TEXT COLLATE "C" REFERENCES documents(id),
    superseded_by    TEXT COLLATE "C" REFERENCES documents(id),
    text             TEXT COLLATE "C" NOT NULL,
    metadata         TEXT COLLATE "C" NOT NULL,
    ingested_at      TEXT COLLATE "C" NOT NULL,
    -- title weighs most, then subject, then text (as the FTS5 bm25 weights 5, 3, 1)
    tsv              tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(subject, '')), 'B')
        || setweight(to_tsvector('english', left(text, 1000000)), 'D')) STORED
);
CREATE INDEX documents_date ON documents(date_start, date_end);
CREATE INDEX documents_collection ON documents(collection);
CREATE INDEX documents_sender ON documents(lower(sender));
CREATE INDEX documents_tsv ON documents USING gin(tsv);

CREATE TABLE document_tags (
    doc BIGINT NOT NULL REFERENCES documents(rowid),
    tag TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (doc, tag)
);
CREATE INDEX document_tags_tag ON document_tags(lower(tag));

CREATE TABLE document_recipients (
    doc       BIGINT NOT NULL REFERENCES documents(rowid),
    recipient TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (doc, recipient)
);

CREATE TABLE sources (
    key         TEXT COLLATE "C" PRIMARY KEY,
    document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id)
);

CREATE TABLE files (
    path       TEXT COLLATE "C" PRIMARY KEY,
    sha256     TEXT COLLATE "C" NOT NULL,
    size       BIGINT NOT NULL,
    format     TEXT COLLATE "C",
    status     TEXT COLLATE "C" NOT NULL,
    reason     TEXT COLLATE "C" NOT NULL DEFAULT '',
    documents  INTEGER NOT NULL DEFAULT 0,
    attempts   INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT COLLATE "C" NOT NULL,
    last_seen  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE originals (
    sha256 TEXT COLLATE "C" PRIMARY KEY,
    data   BYTEA NOT NULL
);

CREATE TABLE extractions (
    document_id       TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(id),
    extractor_version TEXT COLLATE "C" NOT NULL,
    config_hash       TEXT COLLATE "C" NOT NULL,
    model             TEXT COLLATE "C" NOT NULL,
    extracted_at      TEXT COLLATE "C" NOT NULL,
    record            TEXT COLLATE "C" NOT NULL
);

CREATE TABLE facts (
    rowid             BIGSERIAL PRIMARY KEY,
    document_id       TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
    kind              TEXT COLLATE "C" NOT NULL,
    fact_id           TEXT COLLATE "C",
    type              TEXT COLLATE "C",
    start             INTEGER,
    "end"             INTEGER,
    text              TEXT COLLATE "C",
    value             TEXT COLLATE "C",
    data              TEXT COLLATE "C" NOT NULL,
    extractor_version TEXT COLLATE "C" NOT NULL,
    config_hash       TEXT COLLATE "C" NOT NULL,
    sort_start        TEXT COLLATE "C",
    sort_end          TEXT COLLATE "C",
    review            TEXT COLLATE "C"
);
CREATE INDEX facts_document ON facts(document_id);
CREATE INDEX facts_kind_type ON facts(kind, type);
CREATE INDEX facts_value ON facts(value);
CREATE INDEX facts_timeline ON facts(kind, sort_start, sort_end, document_id);

CREATE TABLE entity_clusters (
    id        TEXT COLLATE "C" PRIMARY KEY,
    type      TEXT COLLATE "C" NOT NULL,
    name      TEXT COLLATE "C" NOT NULL,
    aliases   TEXT COLLATE "C" NOT NULL,
    keys      TEXT COLLATE "C" NOT NULL,
    documents INTEGER NOT NULL,
    mentions  INTEGER NOT NULL
);
CREATE INDEX entity_clusters_name ON entity_clusters(lower(name));

CREATE TABLE entity_links (
    document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
    fact_id     TEXT COLLATE "C" NOT NULL,
    cluster_id  TEXT COLLATE "C" NOT NULL,
    score       DOUBLE PRECISION NOT NULL,
    evidence    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (document_id, fact_id)
);
CREATE INDEX entity_links_cluster ON entity_links(cluster_id);

CREATE TABLE entity_overrides (
    rowid   BIGSERIAL PRIMARY KEY,
    action  TEXT COLLATE "C" NOT NULL,
    a       TEXT COLLATE "C" NOT NULL,
    b       TEXT COLLATE "C",
    made_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE reviews (
    rowid       BIGSERIAL PRIMARY KEY,
    document_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
    kind        TEXT COLLATE "C" NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    action      TEXT COLLATE "C" NOT NULL,
    correction  TEXT COLLATE "C" NOT NULL,
    reviewer    TEXT COLLATE "C" NOT NULL,
    made_at     TEXT COLLATE "C" NOT NULL
);
CREATE INDEX reviews_fact ON reviews(document_id, kind, start, "end");

CREATE TABLE saved_searches (
    name       TEXT COLLATE "C" PRIMARY KEY,
    query      TEXT COLLATE "C" NOT NULL,
    owner      TEXT COLLATE "C" NOT NULL,
    saved_at   TEXT COLLATE "C" NOT NULL
);
