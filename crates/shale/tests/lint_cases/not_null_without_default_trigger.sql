-- lint-test: dialect sqlite
-- lint-test: expect not-null-without-default 5
-- shale:revision c1
-- shale:upgrade
ALTER TABLE users ADD COLUMN age integer NOT NULL;
-- shale:downgrade
ALTER TABLE users DROP COLUMN age;
