-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users MODIFY COLUMN nickname varchar(40) NULL, ALGORITHM=INPLACE, LOCK=NONE;
-- TODO: backfill users.email for existing rows: replace NULL below with a value or expression (both NULLs, the same).
-- Left as is, it changes nothing and the statement that makes email NOT NULL
-- fails on a table that has rows (in strict SQL mode, the default: STRICT_TRANS_TABLES), so nothing is lost.
-- Batched: shale runs it again until it changes no row (10000 rows a pass).
-- shale:repeat-until-zero
UPDATE users SET email = NULL /* shale: replace NULL with the backfill value */ WHERE email IS NULL AND (NULL /* shale: the same value */) IS NOT NULL LIMIT 10000;
ALTER TABLE users MODIFY COLUMN email varchar(255) NOT NULL;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users MODIFY COLUMN email varchar(255) NULL, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE users MODIFY COLUMN nickname varchar(40) NOT NULL;
SET SESSION lock_wait_timeout = DEFAULT;
