-- Add down migration script here
ALTER TABLE orders DROP COLUMN note;
