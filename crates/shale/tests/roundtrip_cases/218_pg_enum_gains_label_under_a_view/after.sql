-- An enum gains a label while a view reads a column of it: the downgrade removes the
-- label by converting the column, which PostgreSQL refuses under a view, so the view is
-- rebuilt around the change both ways.
CREATE TYPE category AS ENUM ('a', 'b', 'c', 'd');
CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    category category
);
CREATE VIEW item_categories AS SELECT id, category FROM items;
CREATE TABLE archived_items (
    id INTEGER NOT NULL PRIMARY KEY,
    category category
);
