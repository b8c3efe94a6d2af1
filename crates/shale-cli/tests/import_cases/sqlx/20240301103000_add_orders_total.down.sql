-- Add down migration script here
ALTER TABLE orders DROP COLUMN total_cents;
