-- Your SQL goes here
CREATE INDEX products_sku_idx ON products (sku);
