-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE users ADD COLUMN display_name varchar(80);
-- TODO: backfill users.display_name for existing rows: replace NULL below with a value or expression (both NULLs, the same).
-- Left as is, it changes nothing and the statement that makes display_name NOT NULL
-- fails on a table that has rows (SET NOT NULL checks every row), so nothing is lost.
-- Batched: shale runs it again until it changes no row (10000 rows a pass).
-- shale:repeat-until-zero
UPDATE users SET display_name = NULL /* shale: replace NULL with the backfill value */ WHERE ctid IN (SELECT ctid FROM users WHERE display_name IS NULL AND (NULL /* shale: the same value */) IS NOT NULL LIMIT 10000);
ALTER TABLE users ALTER COLUMN display_name SET NOT NULL;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE users ALTER COLUMN display_name DROP NOT NULL;
-- WARNING: destroys data: drops column users.display_name
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN display_name;
