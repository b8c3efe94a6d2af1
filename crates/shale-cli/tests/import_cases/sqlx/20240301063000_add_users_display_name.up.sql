-- Add up migration script here
ALTER TABLE users ADD COLUMN display_name VARCHAR(100);
