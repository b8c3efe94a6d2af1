-- migrate:up
INSERT INTO categories (id, name) VALUES (1, 'General'), (2, 'Stationery');
UPDATE products SET category_id = 1;
UPDATE products SET category_id = 2 WHERE sku = 'PEN-1';

-- migrate:down
UPDATE products SET category_id = NULL;
DELETE FROM categories;

