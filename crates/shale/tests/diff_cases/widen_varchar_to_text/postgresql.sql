-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE notes ALTER COLUMN title TYPE varchar(255) USING title::varchar(255);
ALTER TABLE notes ALTER COLUMN body TYPE text USING body::text;
-- NOTE: rewrites notes under an ACCESS EXCLUSIVE lock: there is no lock-safe form short of a new column, backfilled, that replaces views
-- shale:allow type-rewrite
ALTER TABLE notes ALTER COLUMN views TYPE bigint USING views::bigint;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: may destroy data: changes the type of notes.views from bigint to integer; values may be truncated or fail to convert
-- shale:allow narrowing-type
-- NOTE: rewrites notes under an ACCESS EXCLUSIVE lock: there is no lock-safe form short of a new column, backfilled, that replaces views
-- shale:allow type-rewrite
ALTER TABLE notes ALTER COLUMN views TYPE integer USING views::integer;
-- WARNING: may destroy data: changes the type of notes.body from text to varchar(200); values may be truncated or fail to convert
-- shale:allow narrowing-type
-- NOTE: rewrites notes under an ACCESS EXCLUSIVE lock: there is no lock-safe form short of a new column, backfilled, that replaces body
-- shale:allow type-rewrite
ALTER TABLE notes ALTER COLUMN body TYPE varchar(200) USING body::varchar(200);
-- WARNING: may destroy data: changes the type of notes.title from varchar(255) to varchar(200); values may be truncated or fail to convert
-- shale:allow narrowing-type
-- NOTE: rewrites notes under an ACCESS EXCLUSIVE lock: there is no lock-safe form short of a new column, backfilled, that replaces title
-- shale:allow type-rewrite
ALTER TABLE notes ALTER COLUMN title TYPE varchar(200) USING title::varchar(200);
