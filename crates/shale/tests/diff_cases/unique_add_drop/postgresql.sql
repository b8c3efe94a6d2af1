-- shale:upgrade
ALTER TABLE users DROP CONSTRAINT uq_users_handle;
ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email);

-- shale:downgrade
ALTER TABLE users DROP CONSTRAINT uq_users_email;
ALTER TABLE users ADD CONSTRAINT uq_users_handle UNIQUE (handle);
