CREATE TABLE orders (
    id SERIAL PRIMARY KEY,
    note TEXT
);
