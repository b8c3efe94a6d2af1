-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: destroys data: drops column users.legacy_code
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN legacy_code;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE users ADD COLUMN legacy_code varchar(20) DEFAULT 'none';
