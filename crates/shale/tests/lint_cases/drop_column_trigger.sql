-- lint-test: dialect sqlite
-- lint-test: expect drop-column 5
-- shale:revision c1
-- shale:upgrade
ALTER TABLE users DROP COLUMN nickname;
-- shale:downgrade
ALTER TABLE users ADD COLUMN nickname text;
