CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    qty INTEGER NOT NULL
);
CREATE TABLE parts (
    id INTEGER NOT NULL PRIMARY KEY,
    item_id INTEGER NOT NULL,
    CONSTRAINT fk_parts_item_id_items FOREIGN KEY (item_id) REFERENCES items (id)
);
