-- A table moved between two schemas other than the connection's, keeping its name.
CREATE SCHEMA sales;
CREATE SCHEMA archive;
-- shale:renamed-from sales.items
CREATE TABLE archive.items (id bigint PRIMARY KEY, label text NOT NULL);
CREATE INDEX items_label_idx ON archive.items (label);
CREATE TABLE sales.carts (id bigint PRIMARY KEY, item_id bigint REFERENCES archive.items (id));
CREATE TABLE archive.notes (id bigint PRIMARY KEY);
