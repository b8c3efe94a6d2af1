-- UNLOGGED tables: one made logged, one made unlogged (each SET LOGGED / UNLOGGED, rows
-- kept), and a new unlogged one.
CREATE UNLOGGED TABLE import_rows (
    id INTEGER NOT NULL PRIMARY KEY,
    payload TEXT
);
CREATE TABLE page_views (
    id BIGINT NOT NULL PRIMARY KEY,
    path TEXT NOT NULL
);
