-- shale:revision 7c2d4e6f8a10
-- shale:revises  1f0e5a3c9b21
-- shale:message  create items
-- shale:created  2026-11-25T09:30:00Z

-- shale:upgrade
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title VARCHAR(200) NOT NULL
);
CREATE INDEX ix_items_user_id ON items (user_id);

-- shale:downgrade
DROP INDEX ix_items_user_id;
DROP TABLE items;
