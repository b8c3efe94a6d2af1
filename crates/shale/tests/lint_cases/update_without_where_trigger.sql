-- lint-test: dialect sqlite
-- lint-test: expect update-without-where 5
-- shale:revision c1
-- shale:upgrade
UPDATE users SET active = 1;
-- shale:downgrade
-- shale:irreversible previous values are lost
