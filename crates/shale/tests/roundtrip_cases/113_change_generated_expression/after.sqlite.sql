CREATE TABLE order_lines (
    id INTEGER NOT NULL PRIMARY KEY,
    price DECIMAL(10, 2) NOT NULL,
    qty INTEGER NOT NULL,
    total DECIMAL(12, 2) GENERATED ALWAYS AS (price * qty * 1.2) STORED,
    big INTEGER AS (qty > 100)
);
