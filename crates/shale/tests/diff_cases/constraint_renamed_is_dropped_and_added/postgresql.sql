-- revision 1 of 2
-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE users DROP CONSTRAINT users_email_key;
ALTER TABLE users ADD COLUMN bio text;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: destroys data: drops column users.bio
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN bio;
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
-- revision 2 of 2
-- shale:transaction off
-- shale:upgrade
CREATE UNIQUE INDEX CONCURRENTLY uq_users_email ON users (email);
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE USING INDEX uq_users_email;
SET lock_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE users DROP CONSTRAINT uq_users_email;
SET lock_timeout = DEFAULT;
