-- shale:upgrade
ALTER TABLE t ADD COLUMN b text;

-- shale:downgrade
-- WARNING: destroys data: drops column t.b
-- shale:allow drop-column
ALTER TABLE t DROP COLUMN b;
