-- Trove-wide entities: clusters of document entities, the evidence for each link, and the
-- human corrections that every resolve run applies.

CREATE TABLE entity_clusters (
    id        TEXT PRIMARY KEY,                -- "E" + hash of the cluster's first key
    type      TEXT NOT NULL,
    name      TEXT NOT NULL,
    aliases   TEXT NOT NULL,                   -- JSON list
    keys      TEXT NOT NULL,                   -- JSON list of name keys
    documents INTEGER NOT NULL,
    mentions  INTEGER NOT NULL
);
CREATE INDEX entity_clusters_name ON entity_clusters(name COLLATE NOCASE);

CREATE TABLE entity_links (
    document_id TEXT NOT NULL REFERENCES documents(id),
    fact_id     TEXT NOT NULL,                 -- e1, e2 … in the document's extraction
    cluster_id  TEXT NOT NULL,
    score       REAL NOT NULL,
    evidence    TEXT NOT NULL,
    PRIMARY KEY (document_id, fact_id)
) WITHOUT ROWID;
CREATE INDEX entity_links_cluster ON entity_links(cluster_id);

CREATE TABLE entity_overrides (
    rowid   INTEGER PRIMARY KEY,
    action  TEXT NOT NULL,                     -- merge | split
    a       TEXT NOT NULL,                     -- a name key
    b       TEXT,                              -- the other key (merge)
    made_at TEXT NOT NULL
);
