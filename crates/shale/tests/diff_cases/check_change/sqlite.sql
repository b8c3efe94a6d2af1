-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table products: drop check ck_products_qty on products; add check ck_products_qty on products
CREATE TABLE _shale_new_products (
    id integer NOT NULL,
    price integer NOT NULL,
    qty integer NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_products_price CHECK ((price > 0)),
    CONSTRAINT ck_products_qty CHECK (qty >= 1)
);
INSERT INTO _shale_new_products (id, price, qty) SELECT id, price, qty FROM products;
DROP TABLE products;
ALTER TABLE _shale_new_products RENAME TO products;

-- shale:downgrade
-- SQLite cannot make these changes in place; rebuilding table products: drop check ck_products_qty on products; add check ck_products_qty on products
CREATE TABLE _shale_new_products (
    id integer NOT NULL,
    price integer NOT NULL,
    qty integer NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_products_price CHECK ((price > 0)),
    CONSTRAINT ck_products_qty CHECK (qty>=0)
);
INSERT INTO _shale_new_products (id, price, qty) SELECT id, price, qty FROM products;
DROP TABLE products;
ALTER TABLE _shale_new_products RENAME TO products;
