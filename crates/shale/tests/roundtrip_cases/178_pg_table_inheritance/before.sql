CREATE TABLE timestamp_base (
    created_at TIMESTAMP DEFAULT now(),
    e INTEGER
);
CREATE TABLE a (
    a1 INTEGER,
    a2 INTEGER
) INHERITS (timestamp_base);
CREATE TABLE audited (
    changed_by TEXT NOT NULL DEFAULT 'system',
    CONSTRAINT changed_by_set CHECK (changed_by <> '')
);
CREATE TABLE b (
    id INTEGER NOT NULL PRIMARY KEY
) INHERITS (audited);
CREATE TABLE c (
    id INTEGER NOT NULL PRIMARY KEY,
    note TEXT
);
CREATE TABLE old_base (
    tag TEXT
);
CREATE TABLE d (
    id INTEGER
) INHERITS (old_base);
