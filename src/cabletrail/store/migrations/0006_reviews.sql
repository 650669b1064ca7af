-- Human review of extracted events: accept, reject or correct (type, date, agent, recipient).
-- A review names its fact by the trigger's span, which re-analysis keeps, not by its id
-- (v1, v2 …), which it may renumber; the latest review of a span is the one applied.
-- facts.review holds the action in force, so queries can leave rejected events out.

CREATE TABLE reviews (
    rowid       INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    kind        TEXT NOT NULL,                 -- event
    start       INTEGER NOT NULL,              -- the trigger's span in the document's text
    "end"       INTEGER NOT NULL,
    action      TEXT NOT NULL,                 -- accept | reject | correct
    correction  TEXT NOT NULL,                 -- JSON: type, date, agent, recipient (correct)
    reviewer    TEXT NOT NULL,
    made_at     TEXT NOT NULL
);
CREATE INDEX reviews_fact ON reviews(document_id, kind, start, "end");

ALTER TABLE facts ADD COLUMN review TEXT;
