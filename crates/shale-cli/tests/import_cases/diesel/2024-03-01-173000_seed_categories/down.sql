-- This file should undo anything in `up.sql`
UPDATE products SET category_id = NULL;
DELETE FROM categories;
