-- shale:transaction off
-- shale:upgrade
DROP INDEX CONCURRENTLY ix_users_name;
CREATE INDEX CONCURRENTLY ix_users_email ON users (email);

-- shale:downgrade
DROP INDEX CONCURRENTLY ix_users_email;
CREATE INDEX CONCURRENTLY ix_users_name ON users (name);
