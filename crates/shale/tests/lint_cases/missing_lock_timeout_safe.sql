-- shale:revision c1
-- shale:upgrade
SET LOCAL lock_timeout TO '3s';
ALTER TABLE users ADD COLUMN bio text;
-- shale:downgrade
ALTER TABLE users DROP COLUMN bio;
