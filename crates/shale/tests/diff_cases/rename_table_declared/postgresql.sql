-- shale:upgrade
ALTER TABLE people RENAME TO users;

-- shale:downgrade
ALTER TABLE users RENAME TO people;
