-- shale:transaction off
-- shale:upgrade
CREATE INDEX CONCURRENTLY ix_users_handle ON users (handle);

-- shale:downgrade
DROP INDEX CONCURRENTLY ix_users_handle;
