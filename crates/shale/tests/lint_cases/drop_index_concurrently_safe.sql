-- shale:revision c1
-- shale:transaction off
-- shale:upgrade
CREATE INDEX CONCURRENTLY ix_users_email ON users (email);
-- shale:downgrade
DROP INDEX CONCURRENTLY ix_users_email;
