-- revision 1 of 2
-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
COMMENT ON INDEX ix_users_email IS NULL;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
COMMENT ON INDEX ix_users_email IS 'One account each';
-- revision 2 of 2
-- shale:transaction off
-- shale:upgrade
DROP INDEX CONCURRENTLY ix_users_email;
CREATE UNIQUE INDEX CONCURRENTLY uq_users_email ON users (email);
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE USING INDEX uq_users_email;
COMMENT ON CONSTRAINT uq_users_email ON users IS 'One account each';
SET lock_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
COMMENT ON CONSTRAINT uq_users_email ON users IS NULL;
ALTER TABLE users DROP CONSTRAINT uq_users_email;
SET lock_timeout = DEFAULT;
CREATE UNIQUE INDEX CONCURRENTLY ix_users_email ON users (email);
