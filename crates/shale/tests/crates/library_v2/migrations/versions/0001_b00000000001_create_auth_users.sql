-- shale:revision b00000000001
-- shale:message  create auth_users
-- shale:created  2026-12-01T10:00:00Z
-- shale:branch-labels authlib

-- shale:upgrade
CREATE TABLE auth_users (
    id INTEGER PRIMARY KEY,
    email VARCHAR(200) NOT NULL
);

-- shale:downgrade
DROP TABLE auth_users;
