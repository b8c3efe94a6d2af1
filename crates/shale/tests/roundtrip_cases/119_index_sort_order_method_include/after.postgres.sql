CREATE TABLE events (
    id INTEGER NOT NULL PRIMARY KEY,
    kind VARCHAR(40) NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX events_at ON events (at_ms DESC NULLS LAST);
CREATE INDEX events_kind_at ON events (kind, at_ms DESC) INCLUDE (id);
CREATE INDEX events_kind_hash ON events USING hash (kind);
