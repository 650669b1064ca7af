-- Saved searches of the workspace: a name and the query string of the search page's filters.

CREATE TABLE saved_searches (
    name       TEXT PRIMARY KEY,
    query      TEXT NOT NULL,                  -- q=…&from=…&topic=… as in /search?…
    owner      TEXT NOT NULL,
    saved_at   TEXT NOT NULL
);
