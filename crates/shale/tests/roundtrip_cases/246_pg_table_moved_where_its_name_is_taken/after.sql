-- A table moved into a schema that already has a table of its name, under a new one:
-- renamed where it is, then moved (moved first, it would collide with archive.items).
-- Its key's index moves with it, so that index is named apart from archive's.
CREATE SCHEMA sales;
CREATE SCHEMA archive;
-- shale:renamed-from sales.items
CREATE TABLE archive.old_items (id bigint, label text NOT NULL, CONSTRAINT sales_items_pk PRIMARY KEY (id));
CREATE TABLE archive.items (id bigint PRIMARY KEY, note text);
