CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    qty INTEGER NOT NULL,
    CONSTRAINT ck_items_qty CHECK (qty > 0)
);
CREATE TABLE parts (
    id INTEGER NOT NULL PRIMARY KEY,
    item_id INTEGER NOT NULL,
    CONSTRAINT fk_parts_item_id_items FOREIGN KEY (item_id) REFERENCES items (id),
    CONSTRAINT ck_parts_item_id CHECK (item_id >= 1)
);
