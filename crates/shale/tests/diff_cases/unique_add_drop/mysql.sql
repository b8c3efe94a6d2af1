-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users DROP INDEX uq_users_handle, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email), ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users DROP INDEX uq_users_email, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE users ADD CONSTRAINT uq_users_handle UNIQUE (handle), ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
