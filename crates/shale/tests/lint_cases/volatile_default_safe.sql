-- shale:revision c1
-- shale:upgrade
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT now();
ALTER TABLE users ADD COLUMN token uuid;
-- shale:downgrade
ALTER TABLE users DROP COLUMN token;
ALTER TABLE users DROP COLUMN seen_at;
