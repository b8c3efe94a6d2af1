CREATE TYPE category AS ENUM ('a', 'b', 'c');
CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    category category
);
CREATE VIEW item_categories AS SELECT id, category FROM items;
