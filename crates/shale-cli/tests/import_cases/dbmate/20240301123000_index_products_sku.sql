-- migrate:up transaction:false
CREATE INDEX products_sku_idx ON products (sku);

-- migrate:down
DROP INDEX products_sku_idx;

