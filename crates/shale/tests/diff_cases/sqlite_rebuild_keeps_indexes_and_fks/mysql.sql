-- shale:upgrade
-- NOTE: MySQL/MariaDB change most column types with a copying ALTER (ALGORITHM=COPY): writes to users
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE users MODIFY COLUMN email varchar(255) NOT NULL;

-- shale:downgrade
-- WARNING: may destroy data: changes the type of users.email from varchar(255) to varchar(80); values may be truncated or fail to convert
-- NOTE: MySQL/MariaDB change most column types with a copying ALTER (ALGORITHM=COPY): writes to users
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
-- shale:allow narrowing-type
ALTER TABLE users MODIFY COLUMN email varchar(80) NOT NULL;
