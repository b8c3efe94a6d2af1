-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- NOTE: MySQL/MariaDB change most column types with a copying ALTER (ALGORITHM=COPY): writes to users
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE users MODIFY COLUMN id bigint(20) NOT NULL AUTO_INCREMENT;
ALTER TABLE users MODIFY COLUMN name varchar(80) NULL DEFAULT '', ALGORITHM=INPLACE, LOCK=NONE;
-- Backfill users.name with its default for existing rows.
-- Batched: shale runs it again until it changes no row (10000 rows a pass).
-- shale:repeat-until-zero
UPDATE users SET name = '' WHERE name IS NULL LIMIT 10000;
ALTER TABLE users MODIFY COLUMN name varchar(80) NOT NULL DEFAULT '';
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users MODIFY COLUMN name varchar(80) NULL DEFAULT '', ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE users MODIFY COLUMN name varchar(80) NULL, ALGORITHM=INPLACE, LOCK=NONE;
-- WARNING: may destroy data: changes the type of users.id from bigint(20) to int(11); values may be truncated or fail to convert
-- NOTE: MySQL/MariaDB change most column types with a copying ALTER (ALGORITHM=COPY): writes to users
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
-- shale:allow narrowing-type
ALTER TABLE users MODIFY COLUMN id int(11) NOT NULL AUTO_INCREMENT;
SET SESSION lock_wait_timeout = DEFAULT;
