-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TYPE mood ADD VALUE 'ecstatic' BEFORE 'happy';
ALTER TYPE mood ADD VALUE 'meh' AFTER 'happy';

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: destroys data: removes labels from enum mood
ALTER TYPE mood RENAME TO _shale_old_mood;
CREATE TYPE mood AS ENUM ('happy', 'sad');
ALTER TABLE people ALTER COLUMN mood DROP DEFAULT;
ALTER TABLE people ALTER COLUMN mood TYPE mood USING mood::text::mood;
ALTER TABLE people ALTER COLUMN mood SET DEFAULT 'happy';
DROP TYPE _shale_old_mood;
