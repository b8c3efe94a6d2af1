-- migrate:up
INSERT INTO products (id, sku, title, price_cents) VALUES
    (1, 'BOOK-1', 'A book; paperback', 1500),
    (2, 'MUG-1', 'A mug', 900),
    (3, 'PEN-1', 'A pen -- blue', 250);

-- migrate:down
DELETE FROM products WHERE id IN (1, 2, 3);

