-- Your SQL goes here
INSERT INTO categories (id, name) VALUES (1, 'General'), (2, 'Stationery');
UPDATE products SET category_id = 1;
UPDATE products SET category_id = 2 WHERE sku = 'PEN-1';
