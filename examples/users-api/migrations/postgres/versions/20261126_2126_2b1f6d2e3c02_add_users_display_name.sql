-- shale:revision 2b1f6d2e3c02
-- shale:revises  1a0e5c1d2b01
-- shale:message  add users.display_name
-- shale:created  2026-11-26T21:26:26Z

-- shale:upgrade
ALTER TABLE users ADD COLUMN display_name varchar(80);

-- shale:downgrade
-- WARNING: destroys data: drops column users.display_name
ALTER TABLE users DROP COLUMN display_name;
