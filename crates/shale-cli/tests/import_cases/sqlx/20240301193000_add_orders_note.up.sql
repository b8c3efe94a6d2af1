-- Add up migration script here
ALTER TABLE orders ADD COLUMN note TEXT;
