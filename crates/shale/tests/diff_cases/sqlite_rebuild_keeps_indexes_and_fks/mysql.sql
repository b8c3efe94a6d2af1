-- shale:upgrade
ALTER TABLE users MODIFY COLUMN email varchar(255) NOT NULL;

-- shale:downgrade
-- WARNING: may destroy data: changes the type of users.email from varchar(255) to varchar(80); values may be truncated or fail to convert
-- shale:allow narrowing-type
ALTER TABLE users MODIFY COLUMN email varchar(80) NOT NULL;
