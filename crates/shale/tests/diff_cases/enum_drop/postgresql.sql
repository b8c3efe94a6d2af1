-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: destroys data: drops column people.mood
-- shale:allow drop-column
ALTER TABLE people DROP COLUMN mood;
DROP TYPE mood;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
CREATE TYPE mood AS ENUM ('happy', 'sad');
ALTER TABLE people ADD COLUMN mood mood;
