DROP INDEX products_sku_idx;
