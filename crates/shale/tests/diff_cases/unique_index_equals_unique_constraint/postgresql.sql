-- shale:upgrade
CREATE INDEX ix_users_handle ON users (handle);

-- shale:downgrade
DROP INDEX ix_users_handle;
