-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- NOTE: a declared rename: the previous release still reads items.title
-- shale:allow rename-column
ALTER TABLE items RENAME COLUMN title TO name;
ALTER TABLE items MODIFY COLUMN qty integer NULL DEFAULT 0, ALGORITHM=INPLACE, LOCK=NONE;
-- Backfill items.qty with its default for existing rows.
-- Batched: shale runs it again until it changes no row (10000 rows a pass).
-- shale:repeat-until-zero
UPDATE items SET qty = 0 WHERE qty IS NULL LIMIT 10000;
ALTER TABLE items MODIFY COLUMN qty integer NOT NULL DEFAULT 0;
CREATE INDEX ix_items_qty ON items (qty) ALGORITHM=INPLACE LOCK=NONE;
-- NOTE: MySQL/MariaDB add a check constraint with a copying ALTER (ALGORITHM=COPY): writes to items
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE items ADD CONSTRAINT ck_items_qty CHECK (qty >= 0);
-- WARNING: destroys data: drops column items.note
-- shale:allow drop-column
ALTER TABLE items DROP COLUMN note, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE items ADD COLUMN note text NULL, ALGORITHM=INSTANT;
ALTER TABLE items DROP CONSTRAINT ck_items_qty;
ALTER TABLE items DROP INDEX ix_items_qty, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE items MODIFY COLUMN qty integer NULL DEFAULT 0, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE items MODIFY COLUMN qty integer NULL, ALGORITHM=INPLACE, LOCK=NONE;
-- NOTE: a declared rename: the previous release still reads items.name
-- shale:allow rename-column
ALTER TABLE items RENAME COLUMN name TO title;
SET SESSION lock_wait_timeout = DEFAULT;
