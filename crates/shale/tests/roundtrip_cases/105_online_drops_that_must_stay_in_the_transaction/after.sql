CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL
);
CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    price INTEGER NOT NULL,
    CONSTRAINT ck_items_price CHECK (price >= 0)
);
CREATE INDEX ix_items_price ON items (price);
CREATE UNIQUE INDEX ux_users_email ON users (email);
