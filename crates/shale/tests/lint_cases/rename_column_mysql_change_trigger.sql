-- lint-test: dialect mysql
-- lint-test: expect rename-column 5
-- shale:revision c1
-- shale:upgrade
ALTER TABLE users CHANGE COLUMN fullname display_name varchar(80);
-- shale:downgrade
ALTER TABLE users CHANGE COLUMN display_name fullname varchar(80);
