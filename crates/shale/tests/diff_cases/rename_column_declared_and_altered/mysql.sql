-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- NOTE: a declared rename: the previous release still reads users.fullname
-- shale:allow rename-column
ALTER TABLE users RENAME COLUMN fullname TO display_name;
-- NOTE: MySQL/MariaDB change most column types with a copying ALTER (ALGORITHM=COPY): writes to users
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE users MODIFY COLUMN display_name varchar(120) NULL;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- WARNING: may destroy data: changes the type of users.display_name from varchar(120) to varchar(80); values may be truncated or fail to convert
-- NOTE: MySQL/MariaDB change most column types with a copying ALTER (ALGORITHM=COPY): writes to users
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
-- shale:allow narrowing-type
ALTER TABLE users MODIFY COLUMN display_name varchar(80) NULL;
-- NOTE: a declared rename: the previous release still reads users.display_name
-- shale:allow rename-column
ALTER TABLE users RENAME COLUMN display_name TO fullname;
SET SESSION lock_wait_timeout = DEFAULT;
