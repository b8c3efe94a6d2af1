-- lint-test: dialect sqlite
-- lint-test: setup CREATE TABLE products (id integer NOT NULL, price integer NOT NULL, PRIMARY KEY (id))
-- shale:revision c1
-- shale:revises s0
-- shale:upgrade
CREATE TABLE _shale_new_products (
    id integer NOT NULL,
    price integer NOT NULL,
    stock integer NOT NULL DEFAULT 0,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_products (id, price) SELECT id, price FROM products;
DROP TABLE products;
ALTER TABLE _shale_new_products RENAME TO products;
CREATE INDEX ix_products_stock ON products (stock);
-- shale:downgrade
CREATE TABLE _shale_new_products (
    id integer NOT NULL,
    price integer NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_products (id, price) SELECT id, price FROM products;
DROP TABLE products;
ALTER TABLE _shale_new_products RENAME TO products;
