-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users RENAME INDEX ix_users_email TO uq_users_email, ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users RENAME INDEX uq_users_email TO ix_users_email, ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
