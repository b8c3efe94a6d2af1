-- Table inheritance (PostgreSQL): a parent drops a column its child then takes for its
-- own (migra's inherit2), one child stops inheriting and keeps what it had from its
-- parent, another starts inheriting (the parent's column and check added first), a new
-- child with no column of its own, and a parent gains a column its child already has
-- (the server merges the two).
CREATE TABLE timestamp_base (
    created_at TIMESTAMP DEFAULT now()
);
CREATE TABLE a (
    a1 INTEGER,
    e INTEGER
) INHERITS (timestamp_base);
CREATE TABLE audited (
    changed_by TEXT NOT NULL DEFAULT 'system',
    CONSTRAINT changed_by_set CHECK (changed_by <> '')
);
CREATE TABLE b (
    id INTEGER NOT NULL PRIMARY KEY,
    changed_by TEXT NOT NULL DEFAULT 'system',
    CONSTRAINT changed_by_set CHECK (changed_by <> '')
);
CREATE TABLE c (
    id INTEGER NOT NULL PRIMARY KEY,
    note TEXT
) INHERITS (audited);
CREATE TABLE audited_archive () INHERITS (audited);
CREATE TABLE old_base (
    tag TEXT,
    id INTEGER
);
CREATE TABLE d () INHERITS (old_base);
