-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE products ALTER COLUMN name TYPE varchar(255) USING name::varchar(255);
-- WARNING: may destroy data: changes the type of products.price from integer to decimal(10,2); values may be truncated or fail to convert
ALTER TABLE products ALTER COLUMN price DROP DEFAULT;
-- shale:allow narrowing-type
-- NOTE: rewrites products under an ACCESS EXCLUSIVE lock: there is no lock-safe form short of a new column, backfilled, that replaces price
-- shale:allow type-rewrite
ALTER TABLE products ALTER COLUMN price TYPE decimal(10,2) USING price::decimal(10,2);
ALTER TABLE products ALTER COLUMN price SET DEFAULT 0;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: may destroy data: changes the type of products.price from decimal(10,2) to integer; values may be truncated or fail to convert
ALTER TABLE products ALTER COLUMN price DROP DEFAULT;
-- shale:allow narrowing-type
-- NOTE: rewrites products under an ACCESS EXCLUSIVE lock: there is no lock-safe form short of a new column, backfilled, that replaces price
-- shale:allow type-rewrite
ALTER TABLE products ALTER COLUMN price TYPE integer USING price::integer;
ALTER TABLE products ALTER COLUMN price SET DEFAULT 0;
-- WARNING: may destroy data: changes the type of products.name from varchar(255) to varchar(80); values may be truncated or fail to convert
-- shale:allow narrowing-type
-- NOTE: rewrites products under an ACCESS EXCLUSIVE lock: there is no lock-safe form short of a new column, backfilled, that replaces name
-- shale:allow type-rewrite
ALTER TABLE products ALTER COLUMN name TYPE varchar(80) USING name::varchar(80);
