-- shale:transaction off
-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE products DROP CONSTRAINT ck_products_stock;
ALTER TABLE products ADD CONSTRAINT ck_products_price CHECK (price > 0) NOT VALID;
ALTER TABLE products VALIDATE CONSTRAINT ck_products_price;
SET lock_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE products DROP CONSTRAINT ck_products_price;
ALTER TABLE products ADD CONSTRAINT ck_products_stock CHECK (stock >= 0) NOT VALID;
ALTER TABLE products VALIDATE CONSTRAINT ck_products_stock;
SET lock_timeout = DEFAULT;
