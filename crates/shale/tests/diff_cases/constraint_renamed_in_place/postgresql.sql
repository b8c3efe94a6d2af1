-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE users RENAME CONSTRAINT users_pkey TO pk_users;
ALTER TABLE users RENAME CONSTRAINT users_email_key TO uq_users_email;
ALTER TABLE users ADD COLUMN bio text;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: destroys data: drops column users.bio
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN bio;
ALTER TABLE users RENAME CONSTRAINT uq_users_email TO users_email_key;
ALTER TABLE users RENAME CONSTRAINT pk_users TO users_pkey;
