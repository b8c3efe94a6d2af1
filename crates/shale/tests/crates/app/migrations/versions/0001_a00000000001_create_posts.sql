-- shale:revision a00000000001
-- shale:message  create posts
-- shale:created  2026-12-01T11:00:00Z
-- shale:branch-labels app

-- shale:upgrade
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    title VARCHAR(200) NOT NULL
);

-- shale:downgrade
DROP TABLE posts;
