CREATE SCHEMA sales;
CREATE SCHEMA archive;
CREATE TABLE sales.items (id bigint PRIMARY KEY, label text NOT NULL);
CREATE INDEX items_label_idx ON sales.items (label);
CREATE TABLE sales.carts (id bigint PRIMARY KEY, item_id bigint REFERENCES sales.items (id));
CREATE TABLE archive.notes (id bigint PRIMARY KEY);
