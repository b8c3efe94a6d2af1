-- Add up migration script here
ALTER TABLE products ADD COLUMN category_id INTEGER;
