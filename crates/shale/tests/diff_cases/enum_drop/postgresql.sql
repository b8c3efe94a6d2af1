-- shale:upgrade
-- WARNING: destroys data: drops column people.mood
ALTER TABLE people DROP COLUMN mood;
DROP TYPE mood;

-- shale:downgrade
CREATE TYPE mood AS ENUM ('happy', 'sad');
ALTER TABLE people ADD COLUMN mood mood;
