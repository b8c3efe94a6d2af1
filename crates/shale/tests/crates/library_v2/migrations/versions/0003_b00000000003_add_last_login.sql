-- shale:revision b00000000003
-- shale:revises  b00000000002
-- shale:message  add last_login
-- shale:created  2026-12-02T09:00:00Z

-- shale:upgrade
ALTER TABLE auth_users ADD COLUMN last_login VARCHAR(40);

-- shale:downgrade
ALTER TABLE auth_users DROP COLUMN last_login;
