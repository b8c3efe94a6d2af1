-- shale:upgrade
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;

-- shale:downgrade
-- WARNING: destroys data: drops column users.active
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN active;
