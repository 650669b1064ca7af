-- Team mode: which collections each account may read or write. An account's role says what it
-- may do (reader, writer, admin); its grants say where. Admins need none.

CREATE TABLE grants (
    user_name  TEXT COLLATE "C" NOT NULL REFERENCES users(name),
    collection TEXT COLLATE "C" NOT NULL,
    level      TEXT COLLATE "C" NOT NULL,                  -- read | write
    PRIMARY KEY (user_name, collection)
);
