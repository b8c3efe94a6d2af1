-- A comment on an index built concurrently, outside the transaction: the comment comes
-- with it (set in the transaction, it would name an index not built yet).
CREATE TABLE events (
    id INTEGER NOT NULL PRIMARY KEY,
    kind TEXT
);
CREATE INDEX events_kind ON events (kind, id);
COMMENT ON INDEX events_kind IS 'Events by kind';
