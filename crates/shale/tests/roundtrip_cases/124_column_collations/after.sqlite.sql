CREATE TABLE words (
    id INTEGER NOT NULL PRIMARY KEY,
    word TEXT NOT NULL,
    code VARCHAR(20) COLLATE NOCASE
);
CREATE INDEX words_code ON words (code);
