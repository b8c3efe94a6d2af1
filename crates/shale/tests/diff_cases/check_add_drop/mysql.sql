-- shale:upgrade
ALTER TABLE products DROP CONSTRAINT ck_products_stock;
ALTER TABLE products ADD CONSTRAINT ck_products_price CHECK (price > 0);

-- shale:downgrade
ALTER TABLE products DROP CONSTRAINT ck_products_price;
ALTER TABLE products ADD CONSTRAINT ck_products_stock CHECK (stock >= 0);
