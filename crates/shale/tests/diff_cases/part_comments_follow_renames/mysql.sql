-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users DROP INDEX ix_users_city, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE users DROP INDEX uq_users_phone, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE users RENAME INDEX uq_users_handle TO uq_users_nick, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE users RENAME INDEX ix_users_email TO ix_users_address, ALGORITHM=INPLACE, LOCK=NONE;
CREATE INDEX ix_users_town ON users (city) COMMENT 'Who lives where' ALGORITHM=INPLACE LOCK=NONE;
ALTER TABLE users ADD CONSTRAINT uq_users_number UNIQUE (phone) COMMENT 'A phone is someone''s', ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users DROP INDEX uq_users_number, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE users DROP INDEX ix_users_town, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE users RENAME INDEX ix_users_address TO ix_users_email, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE users RENAME INDEX uq_users_nick TO uq_users_handle, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE users ADD CONSTRAINT uq_users_phone UNIQUE (phone) COMMENT 'One phone each', ALGORITHM=INPLACE, LOCK=NONE;
CREATE INDEX ix_users_city ON users (city) COMMENT 'Lookups by city' ALGORITHM=INPLACE LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
