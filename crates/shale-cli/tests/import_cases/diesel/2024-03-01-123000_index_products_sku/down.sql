-- This file should undo anything in `up.sql`
DROP INDEX products_sku_idx;
