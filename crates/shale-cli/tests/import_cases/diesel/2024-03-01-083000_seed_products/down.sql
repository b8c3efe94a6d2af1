-- This file should undo anything in `up.sql`
DELETE FROM products WHERE id IN (1, 2, 3);
