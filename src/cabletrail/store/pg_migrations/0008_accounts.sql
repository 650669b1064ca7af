-- Team mode: accounts, their sessions and API tokens, and the audit log. Passwords are Argon2
-- hashes; sessions and tokens are stored as sha256 of the secret the client holds, so the
-- database alone lets no one in.

CREATE TABLE users (
    name       TEXT COLLATE "C" PRIMARY KEY,
    password   TEXT COLLATE "C" NOT NULL,                  -- Argon2id hash (argon2-cffi)
    role       TEXT COLLATE "C" NOT NULL,                  -- reader | writer | admin
    disabled   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE sessions (
    id_hash    TEXT COLLATE "C" PRIMARY KEY,               -- sha256 of the session cookie's value
    user_name  TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    csrf       TEXT COLLATE "C" NOT NULL,                  -- the session's CSRF token
    created_at DOUBLE PRECISION NOT NULL,                  -- seconds since the epoch
    seen_at    DOUBLE PRECISION NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_name);

CREATE TABLE api_tokens (
    token_hash TEXT COLLATE "C" PRIMARY KEY,               -- sha256 of the token
    user_name  TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    label      TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE audit (
    rowid     BIGSERIAL PRIMARY KEY,
    at        TEXT COLLATE "C" NOT NULL,
    user_name TEXT COLLATE "C",                            -- NULL: not signed in
    action    TEXT COLLATE "C" NOT NULL,                   -- login, login-failed, logout, GET /search …
    target    TEXT COLLATE "C" NOT NULL,                   -- what it touched: path and query, a user
    status    INTEGER NOT NULL                 -- the HTTP status answered
);
CREATE INDEX audit_user ON audit(user_name, at);
