-- shale:revision b00000000002
-- shale:revises  b00000000001
-- shale:message  create auth_sessions
-- shale:created  2026-12-01T10:05:00Z

-- shale:upgrade
CREATE TABLE auth_sessions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    FOREIGN KEY (user_id) REFERENCES auth_users (id)
);

-- shale:downgrade
DROP TABLE auth_sessions;
