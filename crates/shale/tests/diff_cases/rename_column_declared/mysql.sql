-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- NOTE: a declared rename: the previous release still reads users.fullname
-- shale:allow rename-column
ALTER TABLE users RENAME COLUMN fullname TO display_name;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- NOTE: a declared rename: the previous release still reads users.display_name
-- shale:allow rename-column
ALTER TABLE users RENAME COLUMN display_name TO fullname;
SET SESSION lock_wait_timeout = DEFAULT;
