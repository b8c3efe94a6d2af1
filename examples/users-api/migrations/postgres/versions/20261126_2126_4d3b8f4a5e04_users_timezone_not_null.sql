-- shale:revision 4d3b8f4a5e04
-- shale:revises  3c2a7e3f4d03
-- shale:message  users.timezone not null
-- shale:created  2026-11-26T21:26:31Z

-- shale:upgrade
ALTER TABLE users ADD COLUMN timezone varchar(64);
-- Backfill: every existing user gets UTC.
UPDATE users SET timezone = 'UTC' WHERE timezone IS NULL;
ALTER TABLE users ALTER COLUMN timezone SET NOT NULL;

-- shale:downgrade
ALTER TABLE users ALTER COLUMN timezone DROP NOT NULL;
-- WARNING: destroys data: drops column users.timezone
ALTER TABLE users DROP COLUMN timezone;
