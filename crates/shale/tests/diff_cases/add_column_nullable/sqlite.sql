-- shale:upgrade
ALTER TABLE users ADD COLUMN display_name varchar(80);

-- shale:downgrade
-- WARNING: destroys data: drops column users.display_name
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN display_name;
