-- shale:transaction off
-- shale:upgrade
CREATE UNIQUE INDEX CONCURRENTLY ix_users_lower_email ON users (lower(email));

-- shale:downgrade
DROP INDEX CONCURRENTLY ix_users_lower_email;
