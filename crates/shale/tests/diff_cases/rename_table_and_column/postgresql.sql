-- shale:upgrade
ALTER TABLE people RENAME TO users;
ALTER TABLE users RENAME COLUMN fullname TO display_name;

-- shale:downgrade
ALTER TABLE users RENAME COLUMN display_name TO fullname;
ALTER TABLE users RENAME TO people;
