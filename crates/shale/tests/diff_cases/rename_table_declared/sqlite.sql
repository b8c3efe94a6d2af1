-- shale:upgrade
-- NOTE: a declared rename: the previous release still reads people
-- shale:allow rename-table
ALTER TABLE people RENAME TO users;

-- shale:downgrade
-- NOTE: a declared rename: the previous release still reads users
-- shale:allow rename-table
ALTER TABLE users RENAME TO people;
