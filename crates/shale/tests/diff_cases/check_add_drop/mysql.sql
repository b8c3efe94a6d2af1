-- shale:upgrade
ALTER TABLE products DROP CONSTRAINT ck_products_stock;
-- NOTE: MySQL/MariaDB add a check constraint with a copying ALTER (ALGORITHM=COPY): writes to products
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE products ADD CONSTRAINT ck_products_price CHECK (price > 0);

-- shale:downgrade
ALTER TABLE products DROP CONSTRAINT ck_products_price;
-- NOTE: MySQL/MariaDB add a check constraint with a copying ALTER (ALGORITHM=COPY): writes to products
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE products ADD CONSTRAINT ck_products_stock CHECK (stock >= 0);
