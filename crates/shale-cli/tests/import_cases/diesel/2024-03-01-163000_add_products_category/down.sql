-- This file should undo anything in `up.sql`
ALTER TABLE products DROP COLUMN category_id;
