-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users ADD COLUMN email varchar(255) NULL, ALGORITHM=INSTANT;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- WARNING: destroys data: drops column users.email
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN email, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
