-- lint-test: dialect mysql
-- shale:revision c1
-- shale:upgrade
ALTER TABLE users ADD COLUMN bio text;
-- shale:downgrade
ALTER TABLE users DROP COLUMN bio;
