CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    code VARCHAR(20),
    qty INTEGER CHECK (qty >= 1),
    price INTEGER
);
