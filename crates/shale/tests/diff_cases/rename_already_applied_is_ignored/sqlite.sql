-- shale:upgrade
ALTER TABLE users ADD COLUMN email varchar(255);

-- shale:downgrade
-- WARNING: destroys data: drops column users.email
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN email;
