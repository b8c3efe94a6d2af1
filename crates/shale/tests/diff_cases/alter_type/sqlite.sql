-- needs foreign_keys off
-- shale:upgrade
-- WARNING: may destroy data: changes the type of products.price from integer to decimal(10,2); values may be truncated or fail to convert
-- SQLite cannot make these changes in place; rebuilding table products: alter column products.name; alter column products.price
CREATE TABLE _shale_new_products (
    id integer NOT NULL,
    name varchar(255) NOT NULL,
    price decimal(10,2) DEFAULT 0,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_products (id, name, price) SELECT id, name, price FROM products;
DROP TABLE products;
ALTER TABLE _shale_new_products RENAME TO products;

-- shale:downgrade
-- WARNING: may destroy data: changes the type of products.price from decimal(10,2) to integer; values may be truncated or fail to convert
-- WARNING: may destroy data: changes the type of products.name from varchar(255) to varchar(80); values may be truncated or fail to convert
-- SQLite cannot make these changes in place; rebuilding table products: alter column products.price; alter column products.name
CREATE TABLE _shale_new_products (
    id integer NOT NULL,
    name varchar(80) NOT NULL,
    price integer DEFAULT 0,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_products (id, name, price) SELECT id, name, price FROM products;
DROP TABLE products;
ALTER TABLE _shale_new_products RENAME TO products;
