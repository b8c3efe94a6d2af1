-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE users ADD COLUMN plan varchar(20);
ALTER TABLE users ALTER COLUMN email TYPE varchar(255) USING email::varchar(255);
-- TODO: backfill users.plan for existing rows: replace NULL below with a value or expression (both NULLs, the same).
-- Left as is, it changes nothing and the statement that makes plan NOT NULL
-- fails on a table that has rows (SET NOT NULL checks every row), so nothing is lost.
-- Batched: shale runs it again until it changes no row (10000 rows a pass).
-- shale:repeat-until-zero
UPDATE users SET plan = NULL /* shale: replace NULL with the backfill value */ WHERE ctid IN (SELECT ctid FROM users WHERE plan IS NULL AND (NULL /* shale: the same value */) IS NOT NULL LIMIT 10000);
ALTER TABLE users ALTER COLUMN plan SET NOT NULL;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE users ALTER COLUMN plan DROP NOT NULL;
-- WARNING: may destroy data: changes the type of users.email from varchar(255) to varchar(80); values may be truncated or fail to convert
-- shale:allow narrowing-type
-- NOTE: rewrites users under an ACCESS EXCLUSIVE lock: there is no lock-safe form short of a new column, backfilled, that replaces email
-- shale:allow type-rewrite
ALTER TABLE users ALTER COLUMN email TYPE varchar(80) USING email::varchar(80);
-- WARNING: destroys data: drops column users.plan
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN plan;
