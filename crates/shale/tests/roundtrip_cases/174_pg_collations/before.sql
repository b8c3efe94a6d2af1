-- Collations as objects: one from the operating system's locale a column uses and keeps,
-- one ICU collation dropped with the column that uses it, and, in the next models, an
-- ICU collation that sorts numbers by value and a case-insensitive (nondeterministic)
-- one, each used by a new column and a domain.
CREATE COLLATION posix_text FROM "POSIX";
CREATE COLLATION german (provider = icu, locale = 'de-DE');
CREATE TABLE labels (
    id INTEGER NOT NULL PRIMARY KEY,
    code TEXT COLLATE posix_text,
    title TEXT COLLATE german
);
