-- shale:transaction off
-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE products DROP CONSTRAINT ck_products_qty;
ALTER TABLE products ADD CONSTRAINT ck_products_qty CHECK (qty >= 1) NOT VALID;
ALTER TABLE products VALIDATE CONSTRAINT ck_products_qty;
SET lock_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE products DROP CONSTRAINT ck_products_qty;
ALTER TABLE products ADD CONSTRAINT ck_products_qty CHECK (qty>=0) NOT VALID;
ALTER TABLE products VALIDATE CONSTRAINT ck_products_qty;
SET lock_timeout = DEFAULT;
