-- shale:upgrade
-- NOTE: a declared rename: the previous release still reads people
-- shale:allow rename-table
ALTER TABLE people RENAME TO users;
-- NOTE: a declared rename: the previous release still reads users.fullname
-- shale:allow rename-column
ALTER TABLE users RENAME COLUMN fullname TO display_name;

-- shale:downgrade
-- NOTE: a declared rename: the previous release still reads users.display_name
-- shale:allow rename-column
ALTER TABLE users RENAME COLUMN display_name TO fullname;
-- NOTE: a declared rename: the previous release still reads users
-- shale:allow rename-table
ALTER TABLE users RENAME TO people;
