-- shale:revision 3f2a9c1d7b4e
-- shale:revises  7c2d4e6f8a10
-- shale:message  add display_name to users
-- shale:created  2026-11-25T10:30:00Z

-- shale:upgrade
ALTER TABLE users ADD COLUMN display_name VARCHAR(80);

-- shale:downgrade
ALTER TABLE users DROP COLUMN display_name;
