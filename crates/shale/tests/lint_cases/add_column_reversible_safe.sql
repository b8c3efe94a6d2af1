-- lint-test: dialect sqlite
-- shale:revision c1
-- shale:upgrade
ALTER TABLE users ADD COLUMN bio text;
CREATE INDEX ix_users_bio ON users (bio);
-- shale:downgrade
DROP INDEX ix_users_bio;
ALTER TABLE users DROP COLUMN bio;
