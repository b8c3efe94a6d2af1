-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users ADD COLUMN display_name varchar(80) NULL, ALGORITHM=INSTANT;
-- TODO: backfill users.display_name for existing rows: replace NULL below with a value or expression (both NULLs, the same).
-- Left as is, it changes nothing and the statement that makes display_name NOT NULL
-- fails on a table that has rows (in strict SQL mode, the default: STRICT_TRANS_TABLES), so nothing is lost.
-- Batched: shale runs it again until it changes no row (10000 rows a pass).
-- shale:repeat-until-zero
UPDATE users SET display_name = NULL /* shale: replace NULL with the backfill value */ WHERE display_name IS NULL AND (NULL /* shale: the same value */) IS NOT NULL LIMIT 10000;
ALTER TABLE users MODIFY COLUMN display_name varchar(80) NOT NULL;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users MODIFY COLUMN display_name varchar(80) NULL, ALGORITHM=INPLACE, LOCK=NONE;
-- WARNING: destroys data: drops column users.display_name
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN display_name, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
