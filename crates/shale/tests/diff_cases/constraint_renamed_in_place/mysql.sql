-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users RENAME INDEX users_email_key TO uq_users_email, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE users ADD COLUMN bio text NULL, ALGORITHM=INSTANT;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- WARNING: destroys data: drops column users.bio
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN bio, LOCK=NONE;
ALTER TABLE users RENAME INDEX uq_users_email TO users_email_key, ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
