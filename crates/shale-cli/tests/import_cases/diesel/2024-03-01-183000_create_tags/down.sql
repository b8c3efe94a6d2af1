-- This file should undo anything in `up.sql`
DROP TABLE product_tags;
DROP TABLE tags;
