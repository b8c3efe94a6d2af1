-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE products DROP CONSTRAINT ck_products_qty;
-- NOTE: MySQL/MariaDB add a check constraint with a copying ALTER (ALGORITHM=COPY): writes to products
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE products ADD CONSTRAINT ck_products_qty CHECK (qty >= 1);
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE products DROP CONSTRAINT ck_products_qty;
-- NOTE: MySQL/MariaDB add a check constraint with a copying ALTER (ALGORITHM=COPY): writes to products
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE products ADD CONSTRAINT ck_products_qty CHECK (qty>=0);
SET SESSION lock_wait_timeout = DEFAULT;
