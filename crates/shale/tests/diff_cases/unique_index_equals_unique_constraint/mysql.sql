-- shale:upgrade
CREATE INDEX ix_users_handle ON users (handle) ALGORITHM=INPLACE LOCK=NONE;

-- shale:downgrade
ALTER TABLE users DROP INDEX ix_users_handle, ALGORITHM=INPLACE, LOCK=NONE;
