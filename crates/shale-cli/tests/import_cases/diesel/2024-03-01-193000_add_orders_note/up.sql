-- Your SQL goes here
ALTER TABLE orders ADD COLUMN note TEXT;
