-- no-transaction
-- Add up migration script here
CREATE INDEX products_sku_idx ON products (sku);
