CREATE TABLE people (
    id BIGINT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    code TEXT COLLATE "C",
    email TEXT
);
CREATE INDEX people_name ON people (name);
CREATE INDEX people_code ON people (code COLLATE "POSIX");
CREATE INDEX people_email ON people (lower(email) COLLATE "C");
