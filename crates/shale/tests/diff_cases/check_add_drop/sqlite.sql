-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table products: drop check ck_products_stock on products; add check ck_products_price on products
CREATE TABLE _shale_new_products (
    id integer NOT NULL,
    price integer NOT NULL,
    stock integer NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_products_price CHECK (price > 0)
);
INSERT INTO _shale_new_products (id, price, stock) SELECT id, price, stock FROM products;
DROP TABLE products;
ALTER TABLE _shale_new_products RENAME TO products;

-- shale:downgrade
-- SQLite cannot make these changes in place; rebuilding table products: drop check ck_products_price on products; add check ck_products_stock on products
CREATE TABLE _shale_new_products (
    id integer NOT NULL,
    price integer NOT NULL,
    stock integer NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_products_stock CHECK (stock >= 0)
);
INSERT INTO _shale_new_products (id, price, stock) SELECT id, price, stock FROM products;
DROP TABLE products;
ALTER TABLE _shale_new_products RENAME TO products;
