-- shale:upgrade
ALTER TABLE users ALTER COLUMN nickname DROP NOT NULL;
-- TODO: backfill users.email for existing rows: replace NULL below with a value or expression.
-- Left as is, it changes nothing and the statement that makes email NOT NULL
-- fails on a table that has rows (SET NOT NULL checks every row), so nothing is lost.
UPDATE users SET email = NULL /* shale: replace NULL with the backfill value */ WHERE email IS NULL;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;

-- shale:downgrade
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;
