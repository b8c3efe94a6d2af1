-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users DROP INDEX ix_users_name, ALGORITHM=INPLACE, LOCK=NONE;
CREATE INDEX ix_users_email ON users (email) ALGORITHM=INPLACE LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users DROP INDEX ix_users_email, ALGORITHM=INPLACE, LOCK=NONE;
CREATE INDEX ix_users_name ON users (name) ALGORITHM=INPLACE LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
