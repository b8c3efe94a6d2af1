-- shale:upgrade
DROP INDEX ix_users_name;
CREATE INDEX ix_users_email ON users (email);

-- shale:downgrade
DROP INDEX ix_users_email;
CREATE INDEX ix_users_name ON users (name);
