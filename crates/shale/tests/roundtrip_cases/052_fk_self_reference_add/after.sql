CREATE TABLE nodes (
    id INTEGER NOT NULL PRIMARY KEY,
    parent_id INTEGER,
    label VARCHAR(30),
    CONSTRAINT fk_nodes_parent FOREIGN KEY (parent_id) REFERENCES nodes (id) ON DELETE CASCADE
);
