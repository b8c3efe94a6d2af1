-- refinery:noTransaction
CREATE INDEX products_sku_idx ON products (sku);
