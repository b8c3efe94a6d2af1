-- lint-test: expect index-not-concurrent 5
-- shale:revision c1
-- shale:upgrade
SET lock_timeout = '5s';
CREATE INDEX ix_users_email ON users (email);
-- shale:downgrade
DROP INDEX ix_users_email;
