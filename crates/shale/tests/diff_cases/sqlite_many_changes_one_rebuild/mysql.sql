-- shale:upgrade
-- NOTE: a declared rename: the previous release still reads items.title
-- shale:allow rename-column
ALTER TABLE items RENAME COLUMN title TO name;
ALTER TABLE items MODIFY COLUMN qty integer NOT NULL DEFAULT 0;
CREATE INDEX ix_items_qty ON items (qty);
ALTER TABLE items ADD CONSTRAINT ck_items_qty CHECK (qty >= 0);
-- WARNING: destroys data: drops column items.note
-- shale:allow drop-column
ALTER TABLE items DROP COLUMN note;

-- shale:downgrade
ALTER TABLE items ADD COLUMN note text NULL;
ALTER TABLE items DROP CONSTRAINT ck_items_qty;
DROP INDEX ix_items_qty ON items;
ALTER TABLE items MODIFY COLUMN qty integer NULL;
-- NOTE: a declared rename: the previous release still reads items.name
-- shale:allow rename-column
ALTER TABLE items RENAME COLUMN name TO title;
