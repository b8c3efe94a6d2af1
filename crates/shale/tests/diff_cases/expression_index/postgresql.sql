-- shale:upgrade
CREATE UNIQUE INDEX ix_users_lower_email ON users (lower(email));

-- shale:downgrade
DROP INDEX ix_users_lower_email;
