-- shale:revision a00000000003
-- shale:revises  a00000000002
-- shale:message  add pinned
-- shale:created  2026-12-01T11:10:00Z

-- shale:upgrade
ALTER TABLE posts ADD COLUMN pinned INTEGER;

-- shale:downgrade
ALTER TABLE posts DROP COLUMN pinned;
