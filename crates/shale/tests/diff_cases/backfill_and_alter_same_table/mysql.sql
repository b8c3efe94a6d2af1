-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users ADD COLUMN plan varchar(20) NULL, ALGORITHM=INSTANT;
-- NOTE: MySQL/MariaDB change most column types with a copying ALTER (ALGORITHM=COPY): writes to users
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE users MODIFY COLUMN email varchar(255) NOT NULL;
-- TODO: backfill users.plan for existing rows: replace NULL below with a value or expression (both NULLs, the same).
-- Left as is, it changes nothing and the statement that makes plan NOT NULL
-- fails on a table that has rows (in strict SQL mode, the default: STRICT_TRANS_TABLES), so nothing is lost.
-- Batched: shale runs it again until it changes no row (10000 rows a pass).
-- shale:repeat-until-zero
UPDATE users SET plan = NULL /* shale: replace NULL with the backfill value */ WHERE plan IS NULL AND (NULL /* shale: the same value */) IS NOT NULL LIMIT 10000;
ALTER TABLE users MODIFY COLUMN plan varchar(20) NOT NULL;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users MODIFY COLUMN plan varchar(20) NULL, ALGORITHM=INPLACE, LOCK=NONE;
-- WARNING: may destroy data: changes the type of users.email from varchar(255) to varchar(80); values may be truncated or fail to convert
-- NOTE: MySQL/MariaDB change most column types with a copying ALTER (ALGORITHM=COPY): writes to users
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
-- shale:allow narrowing-type
ALTER TABLE users MODIFY COLUMN email varchar(80) NOT NULL;
-- WARNING: destroys data: drops column users.plan
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN plan, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
