-- Your SQL goes here
ALTER TABLE products ADD COLUMN category_id INTEGER;
