-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- NOTE: rewrites items under an ACCESS EXCLUSIVE lock: there is no lock-safe form short of a new column, backfilled, that replaces user_id
-- shale:allow type-rewrite
ALTER TABLE items ALTER COLUMN user_id TYPE bigint USING user_id::bigint;
-- NOTE: rewrites users under an ACCESS EXCLUSIVE lock: there is no lock-safe form short of a new column, backfilled, that replaces id
-- shale:allow type-rewrite
ALTER TABLE users ALTER COLUMN id TYPE bigint USING id::bigint;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: may destroy data: changes the type of users.id from bigint to integer; values may be truncated or fail to convert
-- shale:allow narrowing-type
-- NOTE: rewrites users under an ACCESS EXCLUSIVE lock: there is no lock-safe form short of a new column, backfilled, that replaces id
-- shale:allow type-rewrite
ALTER TABLE users ALTER COLUMN id TYPE integer USING id::integer;
-- WARNING: may destroy data: changes the type of items.user_id from bigint to integer; values may be truncated or fail to convert
-- shale:allow narrowing-type
-- NOTE: rewrites items under an ACCESS EXCLUSIVE lock: there is no lock-safe form short of a new column, backfilled, that replaces user_id
-- shale:allow type-rewrite
ALTER TABLE items ALTER COLUMN user_id TYPE integer USING user_id::integer;
