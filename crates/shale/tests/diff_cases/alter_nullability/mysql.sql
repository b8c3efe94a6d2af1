-- shale:upgrade
ALTER TABLE users MODIFY COLUMN email varchar(255) NOT NULL;
ALTER TABLE users MODIFY COLUMN nickname varchar(40) NULL;

-- shale:downgrade
ALTER TABLE users MODIFY COLUMN nickname varchar(40) NOT NULL;
ALTER TABLE users MODIFY COLUMN email varchar(255) NULL;
