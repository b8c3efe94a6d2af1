-- migrate:up
CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    sku VARCHAR(64) NOT NULL,
    title VARCHAR(200) NOT NULL,
    price_cents INTEGER NOT NULL DEFAULT 0
);

-- migrate:down
DROP TABLE products;

