-- shale:transaction off
-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE users DROP CONSTRAINT uq_users_handle;
SET lock_timeout = DEFAULT;
CREATE UNIQUE INDEX CONCURRENTLY uq_users_email ON users (email);
SET lock_timeout = '500ms';
ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE USING INDEX uq_users_email;
SET lock_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE users DROP CONSTRAINT uq_users_email;
SET lock_timeout = DEFAULT;
CREATE UNIQUE INDEX CONCURRENTLY uq_users_handle ON users (handle);
SET lock_timeout = '500ms';
ALTER TABLE users ADD CONSTRAINT uq_users_handle UNIQUE USING INDEX uq_users_handle;
SET lock_timeout = DEFAULT;
