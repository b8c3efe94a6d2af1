-- shale:revision f6e5d4c3b2a1
-- shale:revises  a1b2c3d4e5f6
-- shale:message  add notes.pinned
-- shale:created  2026-11-26T21:05:00Z

-- shale:upgrade
ALTER TABLE notes ADD COLUMN pinned BOOLEAN NOT NULL DEFAULT FALSE;

-- shale:downgrade
ALTER TABLE notes DROP COLUMN pinned;
