-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE users RENAME CONSTRAINT uq_users_handle TO uq_users_nick;
ALTER TABLE users RENAME CONSTRAINT uq_users_phone TO uq_users_number;
ALTER INDEX ix_users_city RENAME TO ix_users_town;
ALTER INDEX ix_users_email RENAME TO ix_users_address;
COMMENT ON CONSTRAINT uq_users_number ON users IS 'A phone is someone''s';
COMMENT ON INDEX ix_users_town IS 'Who lives where';

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
COMMENT ON INDEX ix_users_town IS 'Lookups by city';
COMMENT ON CONSTRAINT uq_users_number ON users IS 'One phone each';
ALTER INDEX ix_users_address RENAME TO ix_users_email;
ALTER INDEX ix_users_town RENAME TO ix_users_city;
ALTER TABLE users RENAME CONSTRAINT uq_users_number TO uq_users_phone;
ALTER TABLE users RENAME CONSTRAINT uq_users_nick TO uq_users_handle;
