-- Collations inside index keys: one added, one taken back to the column's own (which is
-- not the database's), one on an expression changed, one with an operator class and an
-- order, and a unique index whose collation keeps it apart from a unique constraint.
CREATE TABLE people (
    id BIGINT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    code TEXT COLLATE "C",
    email TEXT
);
CREATE INDEX people_name ON people (name COLLATE "C");
CREATE INDEX people_code ON people (code);
CREATE INDEX people_email ON people (lower(email) COLLATE "POSIX");
CREATE INDEX people_name_pattern ON people (id, name COLLATE "C" text_pattern_ops DESC);
CREATE UNIQUE INDEX people_email_c ON people (email COLLATE "C");
