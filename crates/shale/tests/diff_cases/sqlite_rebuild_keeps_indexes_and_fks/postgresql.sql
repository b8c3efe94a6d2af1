-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE users ALTER COLUMN email TYPE varchar(255) USING email::varchar(255);

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: may destroy data: changes the type of users.email from varchar(255) to varchar(80); values may be truncated or fail to convert
-- shale:allow narrowing-type
-- NOTE: rewrites users under an ACCESS EXCLUSIVE lock: there is no lock-safe form short of a new column, backfilled, that replaces email
-- shale:allow type-rewrite
ALTER TABLE users ALTER COLUMN email TYPE varchar(80) USING email::varchar(80);
