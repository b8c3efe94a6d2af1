-- shale:revision 5e4c9a5b6f05
-- shale:revises  4d3b8f4a5e04
-- shale:message  rename users.fullname to full_name
-- shale:created  2026-11-26T21:26:16Z

-- shale:upgrade
ALTER TABLE users RENAME COLUMN fullname TO full_name;

-- shale:downgrade
ALTER TABLE users RENAME COLUMN full_name TO fullname;
