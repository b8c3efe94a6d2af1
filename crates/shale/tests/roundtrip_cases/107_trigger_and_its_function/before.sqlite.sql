CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    title VARCHAR(80) NOT NULL,
    updated_at TEXT
);
