-- lint-test: dialect sqlite
-- lint-test: expect rename-column 5
-- shale:revision c1
-- shale:upgrade
ALTER TABLE users RENAME COLUMN fullname TO display_name;
-- shale:downgrade
ALTER TABLE users RENAME COLUMN display_name TO fullname;
