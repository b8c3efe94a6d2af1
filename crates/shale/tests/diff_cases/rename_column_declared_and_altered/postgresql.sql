-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- NOTE: a declared rename: the previous release still reads users.fullname
-- shale:allow rename-column
ALTER TABLE users RENAME COLUMN fullname TO display_name;
ALTER TABLE users ALTER COLUMN display_name TYPE varchar(120) USING display_name::varchar(120);

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: may destroy data: changes the type of users.display_name from varchar(120) to varchar(80); values may be truncated or fail to convert
-- shale:allow narrowing-type
-- NOTE: rewrites users under an ACCESS EXCLUSIVE lock: there is no lock-safe form short of a new column, backfilled, that replaces display_name
-- shale:allow type-rewrite
ALTER TABLE users ALTER COLUMN display_name TYPE varchar(80) USING display_name::varchar(80);
-- NOTE: a declared rename: the previous release still reads users.display_name
-- shale:allow rename-column
ALTER TABLE users RENAME COLUMN display_name TO fullname;
