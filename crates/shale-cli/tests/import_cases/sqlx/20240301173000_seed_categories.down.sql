-- Add down migration script here
UPDATE products SET category_id = NULL;
DELETE FROM categories;
