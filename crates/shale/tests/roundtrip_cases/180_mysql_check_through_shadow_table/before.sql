CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    qty INTEGER NOT NULL,
    note VARCHAR(40),
    twice INTEGER GENERATED ALWAYS AS (qty * 2) VIRTUAL
);
CREATE INDEX ix_items_qty ON items (qty);
