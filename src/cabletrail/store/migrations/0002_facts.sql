-- Extracted facts. One extraction per document (the latest), stamped with the extractor
-- version and config hash so `analyze` knows what is stale; every fact also stands alone
-- in `facts` with its span, for queries across the trove.

CREATE TABLE extractions (
    document_id       TEXT PRIMARY KEY REFERENCES documents(id),
    extractor_version TEXT NOT NULL,
    config_hash       TEXT NOT NULL,
    model             TEXT NOT NULL,
    extracted_at      TEXT NOT NULL,
    record            TEXT NOT NULL             -- JSON record of spec/extraction.md, less the text
);

CREATE TABLE facts (
    rowid             INTEGER PRIMARY KEY,
    document_id       TEXT NOT NULL REFERENCES documents(id),
    kind              TEXT NOT NULL,            -- entity | timex | event | role | quote | topic
    fact_id           TEXT,                     -- e1, t1, v1 … within the document
    type              TEXT,                     -- PERSON, DATE, DIRECTIVE …; topic label
    start             INTEGER,                  -- span in the document's text, when it has one
    "end"             INTEGER,
    text              TEXT,
    value             TEXT,                     -- entity name, timex value, role title …
    data              TEXT NOT NULL,            -- the fact as in the record (JSON)
    extractor_version TEXT NOT NULL,
    config_hash       TEXT NOT NULL
);
CREATE INDEX facts_document ON facts(document_id);
CREATE INDEX facts_kind_type ON facts(kind, type);
CREATE INDEX facts_value ON facts(value);
