CREATE TABLE nodes (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    label VARCHAR(30)
);
