-- shale:upgrade
ALTER TABLE users MODIFY COLUMN id bigint(20) NOT NULL AUTO_INCREMENT;
ALTER TABLE users MODIFY COLUMN name varchar(80) NOT NULL DEFAULT '';

-- shale:downgrade
ALTER TABLE users MODIFY COLUMN name varchar(80) NULL;
-- WARNING: may destroy data: changes the type of users.id from bigint(20) to int(11); values may be truncated or fail to convert
-- shale:allow narrowing-type
ALTER TABLE users MODIFY COLUMN id int(11) NOT NULL AUTO_INCREMENT;
