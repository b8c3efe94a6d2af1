-- shale:revision 1f0e5a3c9b21
-- shale:revises
-- shale:message  create users
-- shale:created  2026-11-25T09:00:00Z

-- shale:upgrade
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    fullname VARCHAR(120)
);

-- shale:downgrade
DROP TABLE users;
