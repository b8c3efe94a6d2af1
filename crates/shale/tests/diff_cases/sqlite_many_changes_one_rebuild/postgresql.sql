-- revision 1 of 2
-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- NOTE: a declared rename: the previous release still reads items.title
-- shale:allow rename-column
ALTER TABLE items RENAME COLUMN title TO name;
ALTER TABLE items RENAME CONSTRAINT uq_items_title TO uq_items_name;
ALTER TABLE items ALTER COLUMN qty SET DEFAULT 0;
-- Backfill items.qty with its default for existing rows.
-- Batched: shale runs it again until it changes no row (10000 rows a pass).
-- shale:repeat-until-zero
UPDATE items SET qty = 0 WHERE ctid IN (SELECT ctid FROM items WHERE qty IS NULL LIMIT 10000);
-- WARNING: destroys data: drops column items.note
-- shale:allow drop-column
ALTER TABLE items DROP COLUMN note;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE items ADD COLUMN note text;
ALTER TABLE items ALTER COLUMN qty DROP DEFAULT;
ALTER TABLE items RENAME CONSTRAINT uq_items_name TO uq_items_title;
-- NOTE: a declared rename: the previous release still reads items.name
-- shale:allow rename-column
ALTER TABLE items RENAME COLUMN name TO title;
-- revision 2 of 2
-- shale:transaction off
-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE items ADD CONSTRAINT items_qty_not_null CHECK (qty IS NOT NULL) NOT VALID;
ALTER TABLE items VALIDATE CONSTRAINT items_qty_not_null;
ALTER TABLE items ALTER COLUMN qty SET NOT NULL;
ALTER TABLE items DROP CONSTRAINT items_qty_not_null;
SET lock_timeout = DEFAULT;
CREATE INDEX CONCURRENTLY ix_items_qty ON items (qty);
SET lock_timeout = '500ms';
ALTER TABLE items ADD CONSTRAINT ck_items_qty CHECK (qty >= 0) NOT VALID;
ALTER TABLE items VALIDATE CONSTRAINT ck_items_qty;
SET lock_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE items DROP CONSTRAINT ck_items_qty;
SET lock_timeout = DEFAULT;
DROP INDEX CONCURRENTLY ix_items_qty;
SET lock_timeout = '500ms';
ALTER TABLE items ALTER COLUMN qty DROP NOT NULL;
SET lock_timeout = DEFAULT;
