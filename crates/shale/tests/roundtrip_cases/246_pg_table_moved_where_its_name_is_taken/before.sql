CREATE SCHEMA sales;
CREATE SCHEMA archive;
CREATE TABLE sales.items (id bigint PRIMARY KEY, label text NOT NULL);
CREATE INDEX items_label_idx ON sales.items (label);
CREATE TABLE archive.items (id bigint PRIMARY KEY, note text);
CREATE INDEX items_label_idx ON archive.items (note);
