-- An index on an expression longer than a PostgreSQL name (63 bytes), read back whole.
CREATE TABLE documents (
    id BIGINT NOT NULL PRIMARY KEY,
    title TEXT,
    subtitle TEXT
);
CREATE UNIQUE INDEX documents_full_title ON documents (lower(coalesce(title, '') || ' — ' || coalesce(subtitle, '')), id);
