-- shale:upgrade
ALTER TABLE items RENAME COLUMN title TO name;
ALTER TABLE items ALTER COLUMN qty SET DEFAULT 0;
ALTER TABLE items ALTER COLUMN qty SET NOT NULL;
CREATE INDEX ix_items_qty ON items (qty);
ALTER TABLE items ADD CONSTRAINT ck_items_qty CHECK (qty >= 0);
-- WARNING: destroys data: drops column items.note
ALTER TABLE items DROP COLUMN note;

-- shale:downgrade
ALTER TABLE items ADD COLUMN note text;
ALTER TABLE items DROP CONSTRAINT ck_items_qty;
DROP INDEX ix_items_qty;
ALTER TABLE items ALTER COLUMN qty DROP DEFAULT;
ALTER TABLE items ALTER COLUMN qty DROP NOT NULL;
ALTER TABLE items RENAME COLUMN name TO title;
