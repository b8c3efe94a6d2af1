-- needs foreign_keys off
-- shale:upgrade
-- NOTE: a declared rename: the previous release still reads items.title
-- shale:allow rename-column
ALTER TABLE items RENAME COLUMN title TO name;
-- SQLite cannot make these changes in place; rebuilding table items: drop unique uq_items_title on items; add unique uq_items_name on items; alter column items.qty
CREATE TABLE _shale_new_items (
    id integer NOT NULL,
    name varchar(80),
    qty integer DEFAULT 0,
    note text,
    PRIMARY KEY (id),
    CONSTRAINT uq_items_name UNIQUE (name)
);
INSERT INTO _shale_new_items (id, name, qty, note) SELECT id, name, qty, note FROM items;
DROP TABLE items;
ALTER TABLE _shale_new_items RENAME TO items;
-- Backfill items.qty with its default for existing rows.
UPDATE items SET qty = 0 WHERE qty IS NULL;
-- WARNING: destroys data: drops column items.note
-- SQLite cannot make these changes in place; rebuilding table items: alter column items.qty; add index ix_items_qty on items; add check ck_items_qty on items; drop column items.note
CREATE TABLE _shale_new_items (
    id integer NOT NULL,
    name varchar(80),
    qty integer NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT uq_items_name UNIQUE (name),
    CONSTRAINT ck_items_qty CHECK (qty >= 0)
);
INSERT INTO _shale_new_items (id, name, qty) SELECT id, name, qty FROM items;
DROP TABLE items;
ALTER TABLE _shale_new_items RENAME TO items;
CREATE INDEX ix_items_qty ON items (qty);

-- shale:downgrade
ALTER TABLE items ADD COLUMN note text;
-- SQLite cannot make these changes in place; rebuilding table items: drop check ck_items_qty on items; drop index ix_items_qty on items; alter column items.qty; alter column items.qty; drop unique uq_items_name on items; add unique uq_items_title on items; rename column items.name to title
CREATE TABLE _shale_new_items (
    id integer NOT NULL,
    title varchar(80),
    qty integer,
    note text,
    PRIMARY KEY (id),
    CONSTRAINT uq_items_title UNIQUE (title)
);
INSERT INTO _shale_new_items (id, title, qty, note) SELECT id, name, qty, note FROM items;
DROP TABLE items;
ALTER TABLE _shale_new_items RENAME TO items;
