-- lint-test: expect set-not-null 5
-- shale:revision c1
-- shale:upgrade
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- shale:downgrade
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
