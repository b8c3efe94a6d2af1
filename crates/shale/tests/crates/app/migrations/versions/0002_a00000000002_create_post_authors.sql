-- shale:revision a00000000002
-- shale:revises  a00000000001
-- shale:message  create post_authors
-- shale:created  2026-12-01T11:05:00Z
-- shale:depends-on b00000000001

-- shale:upgrade
CREATE TABLE post_authors (
    post_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    FOREIGN KEY (post_id) REFERENCES posts (id),
    FOREIGN KEY (user_id) REFERENCES auth_users (id)
);

-- shale:downgrade
DROP TABLE post_authors;
