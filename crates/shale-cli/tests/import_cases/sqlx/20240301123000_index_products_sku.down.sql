-- Add down migration script here
DROP INDEX products_sku_idx;
