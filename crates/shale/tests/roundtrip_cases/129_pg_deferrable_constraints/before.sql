CREATE TABLE nodes (
    id INTEGER NOT NULL PRIMARY KEY,
    pos INTEGER NOT NULL,
    parent_id INTEGER,
    CONSTRAINT nodes_pos UNIQUE (pos),
    CONSTRAINT nodes_parent FOREIGN KEY (parent_id) REFERENCES nodes (id)
);
