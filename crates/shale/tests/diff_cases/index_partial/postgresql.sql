-- shale:upgrade
CREATE UNIQUE INDEX ix_users_email ON users (email) WHERE deleted_at IS NULL;

-- shale:downgrade
DROP INDEX ix_users_email;
