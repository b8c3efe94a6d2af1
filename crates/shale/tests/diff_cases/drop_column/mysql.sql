-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- WARNING: destroys data: drops column users.legacy_code
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN legacy_code, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users ADD COLUMN legacy_code varchar(20) NULL DEFAULT 'none', ALGORITHM=INSTANT;
SET SESSION lock_wait_timeout = DEFAULT;
