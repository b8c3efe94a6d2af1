-- shale:transaction off
-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE users ALTER COLUMN nickname DROP NOT NULL;
-- TODO: backfill users.email for existing rows: replace NULL below with a value or expression (both NULLs, the same).
-- Left as is, it changes nothing and the statement that makes email NOT NULL
-- fails on a table that has rows (SET NOT NULL checks every row), so nothing is lost.
-- Batched: shale runs it again until it changes no row (10000 rows a pass).
-- shale:repeat-until-zero
UPDATE users SET email = NULL /* shale: replace NULL with the backfill value */ WHERE ctid IN (SELECT ctid FROM users WHERE email IS NULL AND (NULL /* shale: the same value */) IS NOT NULL LIMIT 10000);
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_not_null;
SET lock_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_nickname_not_null CHECK (nickname IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_nickname_not_null;
ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_nickname_not_null;
SET lock_timeout = DEFAULT;
