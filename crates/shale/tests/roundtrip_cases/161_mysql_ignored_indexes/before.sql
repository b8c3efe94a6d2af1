CREATE TABLE events (
    id INTEGER NOT NULL PRIMARY KEY,
    kind VARCHAR(20) NOT NULL,
    at_day INTEGER NOT NULL,
    code VARCHAR(10) NULL,
    UNIQUE KEY events_code (code)
);
CREATE INDEX events_kind ON events (kind);
CREATE INDEX events_day ON events (at_day) IGNORED;
