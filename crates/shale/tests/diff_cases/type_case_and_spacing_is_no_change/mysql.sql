-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE t ADD COLUMN b text NULL, ALGORITHM=INSTANT;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- WARNING: destroys data: drops column t.b
-- shale:allow drop-column
ALTER TABLE t DROP COLUMN b, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
