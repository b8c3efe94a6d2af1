CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    qty INTEGER NOT NULL,
    note VARCHAR(40),
    twice INTEGER GENERATED ALWAYS AS (qty * 2) VIRTUAL,
    added INTEGER,
    CONSTRAINT ck_items_qty CHECK (qty > 0)
);
CREATE INDEX ix_items_qty ON items (qty);
