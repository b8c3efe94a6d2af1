-- Add down migration script here
ALTER TABLE products DROP COLUMN category_id;
