-- lint-test: dialect sqlite
-- lint-test: db-tables users
-- lint-test: modified
-- lint-test: expect edited-after-apply 6
-- shale:revision c1
-- shale:upgrade
ALTER TABLE users ADD COLUMN bio text;
-- shale:downgrade
ALTER TABLE users DROP COLUMN bio;
