-- shale:upgrade
ALTER TABLE products DROP CONSTRAINT ck_products_qty;
ALTER TABLE products ADD CONSTRAINT ck_products_qty CHECK (qty >= 1);

-- shale:downgrade
ALTER TABLE products DROP CONSTRAINT ck_products_qty;
ALTER TABLE products ADD CONSTRAINT ck_products_qty CHECK (qty>=0);
