-- shale:upgrade
ALTER TABLE users DROP INDEX ix_users_name, ALGORITHM=INPLACE, LOCK=NONE;
CREATE INDEX ix_users_email ON users (email) ALGORITHM=INPLACE LOCK=NONE;

-- shale:downgrade
ALTER TABLE users DROP INDEX ix_users_email, ALGORITHM=INPLACE, LOCK=NONE;
CREATE INDEX ix_users_name ON users (name) ALGORITHM=INPLACE LOCK=NONE;
