CREATE TABLE events (
    id INTEGER NOT NULL PRIMARY KEY,
    kind VARCHAR(20) NOT NULL,
    at_day INTEGER NOT NULL,
    code VARCHAR(10) NULL,
    UNIQUE KEY events_code (code) IGNORED
);
CREATE INDEX events_kind ON events (kind) IGNORED;
CREATE INDEX events_day ON events (at_day);
CREATE INDEX events_kind_day ON events (kind, at_day) IGNORED;
CREATE TABLE audits (
    id INTEGER NOT NULL PRIMARY KEY,
    who VARCHAR(20) NOT NULL
);
CREATE INDEX audits_who ON audits (who) IGNORED;
