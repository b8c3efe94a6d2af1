-- Add up migration script here
ALTER TABLE orders ADD COLUMN total_cents INTEGER NOT NULL DEFAULT 0;
