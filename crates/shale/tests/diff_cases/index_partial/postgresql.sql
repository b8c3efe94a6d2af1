-- shale:transaction off
-- shale:upgrade
CREATE UNIQUE INDEX CONCURRENTLY ix_users_email ON users (email) WHERE deleted_at IS NULL;

-- shale:downgrade
DROP INDEX CONCURRENTLY ix_users_email;
