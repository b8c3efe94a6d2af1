-- shale:upgrade
ALTER TABLE items ALTER COLUMN user_id TYPE bigint USING user_id::bigint;
ALTER TABLE users ALTER COLUMN id TYPE bigint USING id::bigint;

-- shale:downgrade
-- WARNING: may destroy data: changes the type of users.id from bigint to integer; values may be truncated or fail to convert
ALTER TABLE users ALTER COLUMN id TYPE integer USING id::integer;
-- WARNING: may destroy data: changes the type of items.user_id from bigint to integer; values may be truncated or fail to convert
ALTER TABLE items ALTER COLUMN user_id TYPE integer USING user_id::integer;
