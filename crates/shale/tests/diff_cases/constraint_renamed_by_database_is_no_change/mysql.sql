-- shale:upgrade
ALTER TABLE users ADD COLUMN bio text NULL, ALGORITHM=INSTANT;

-- shale:downgrade
-- WARNING: destroys data: drops column users.bio
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN bio, LOCK=NONE;
