-- A table moved into a schema that already has a table of its name, under a new one:
-- renamed where it is, then moved (moved first, it would collide with archive.items).
-- Its key's index and its other index move with it, and their names are taken there
-- too: they are renamed to the models' names before the move.
CREATE SCHEMA sales;
CREATE SCHEMA archive;
-- shale:renamed-from sales.items
CREATE TABLE archive.old_items (id bigint PRIMARY KEY, label text NOT NULL);
CREATE INDEX old_items_label_idx ON archive.old_items (label);
CREATE TABLE archive.items (id bigint PRIMARY KEY, note text);
CREATE INDEX items_label_idx ON archive.items (note);
