-- lint-test: dialect sqlite
-- lint-test: db-tables users
-- shale:revision c1
-- shale:upgrade
ALTER TABLE users ADD COLUMN bio text;
-- shale:downgrade
ALTER TABLE users DROP COLUMN bio;
