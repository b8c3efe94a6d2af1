CREATE TABLE events (
    id INTEGER NOT NULL PRIMARY KEY,
    kind TEXT
);
CREATE INDEX events_old ON events (kind);
COMMENT ON INDEX events_old IS 'Old index';
