-- shale:upgrade
ALTER TABLE users ADD COLUMN bio text;

-- shale:downgrade
-- WARNING: destroys data: drops column users.bio
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN bio;
