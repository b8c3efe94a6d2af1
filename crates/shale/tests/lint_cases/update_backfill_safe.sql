-- lint-test: dialect sqlite
-- shale:revision c1
-- shale:upgrade
ALTER TABLE users ADD COLUMN score integer;
UPDATE users SET score = 0;
UPDATE users SET active = 1 WHERE active IS NULL;
-- shale:downgrade
ALTER TABLE users DROP COLUMN score;
