CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    code VARCHAR(20) UNIQUE,
    qty INTEGER CHECK (qty >= 0),
    price INTEGER,
    CHECK (price > 0)
);
