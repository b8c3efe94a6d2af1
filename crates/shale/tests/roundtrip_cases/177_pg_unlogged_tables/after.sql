CREATE TABLE import_rows (
    id INTEGER NOT NULL PRIMARY KEY,
    payload TEXT
);
CREATE UNLOGGED TABLE page_views (
    id BIGINT NOT NULL PRIMARY KEY,
    path TEXT NOT NULL
);
CREATE UNLOGGED TABLE session_cache (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT
);
