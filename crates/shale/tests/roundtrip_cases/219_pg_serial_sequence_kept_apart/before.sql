CREATE TABLE tickets (
    id SERIAL PRIMARY KEY,
    title TEXT
);
CREATE SEQUENCE orders_id_seq;
CREATE TABLE orders (
    id INTEGER NOT NULL DEFAULT nextval('orders_id_seq') PRIMARY KEY,
    total INTEGER
);
