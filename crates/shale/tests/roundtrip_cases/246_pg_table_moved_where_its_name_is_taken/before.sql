CREATE SCHEMA sales;
CREATE SCHEMA archive;
CREATE TABLE sales.items (id bigint, label text NOT NULL, CONSTRAINT sales_items_pk PRIMARY KEY (id));
CREATE TABLE archive.items (id bigint PRIMARY KEY, note text);
