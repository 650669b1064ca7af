-- cabletrail store schema, version 1.
-- Documents mirror cabletrail.model.Document; originals live on disk, content-addressed.

CREATE TABLE documents (
    rowid            INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,      -- sha256 of the original bytes (or record)
    blob             TEXT NOT NULL,             -- sha256 of the file the document came from
    record           TEXT,                      -- "line 12", "row 3", "message 2"; NULL for a file
    source           TEXT NOT NULL,             -- path; archive members as zip!member
    collection       TEXT NOT NULL,
    format           TEXT NOT NULL,
    encoding         TEXT,
    title            TEXT,
    subject          TEXT,
    sender           TEXT,
    classification   TEXT,
    date             TEXT,                      -- ISO prefix: YYYY, YYYY-MM or YYYY-MM-DD
    date_start       TEXT,                      -- first day the date covers
    date_end         TEXT,                      -- last day the date covers
    date_source      TEXT NOT NULL,             -- metadata | header | dateline | file_time | none
    previous_version TEXT REFERENCES documents(id),
    superseded_by    TEXT REFERENCES documents(id),
    text             TEXT NOT NULL,
    metadata         TEXT NOT NULL,             -- JSON object
    ingested_at      TEXT NOT NULL
);
CREATE INDEX documents_date ON documents(date_start, date_end);
CREATE INDEX documents_collection ON documents(collection);
CREATE INDEX documents_sender ON documents(sender COLLATE NOCASE);

CREATE TABLE document_tags (
    doc INTEGER NOT NULL REFERENCES documents(rowid),
    tag TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (doc, tag)
) WITHOUT ROWID;
CREATE INDEX document_tags_tag ON document_tags(tag);

CREATE TABLE document_recipients (
    doc       INTEGER NOT NULL REFERENCES documents(rowid),
    recipient TEXT NOT NULL,
    PRIMARY KEY (doc, recipient)
) WITHOUT ROWID;

-- The document each source key (a path, or path#record-id) currently points to.
CREATE TABLE sources (
    key         TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id)
) WITHOUT ROWID;

-- Every file ingest has seen and how it ended.
CREATE TABLE files (
    path       TEXT PRIMARY KEY,
    sha256     TEXT NOT NULL,
    size       INTEGER NOT NULL,
    format     TEXT,
    status     TEXT NOT NULL,                   -- ok | duplicate | failed | started
    reason     TEXT NOT NULL DEFAULT '',
    documents  INTEGER NOT NULL DEFAULT 0,
    attempts   INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL
) WITHOUT ROWID;

-- Full-text index over a view that blanks the two private-use characters used as snippet
-- marks, so marks in results can only be ours.
CREATE VIEW documents_fts_source AS
    SELECT rowid,
           replace(replace(coalesce(title, ''), char(57344), ' '), char(57345), ' ') AS title,
           replace(replace(coalesce(subject, ''), char(57344), ' '), char(57345), ' ') AS subject,
           replace(replace(text, char(57344), ' '), char(57345), ' ') AS text
    FROM documents;

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, subject, text,
    content='documents_fts_source', content_rowid='rowid',
    tokenize='porter unicode61 remove_diacritics 2'
);
