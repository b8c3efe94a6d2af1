-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table items: alter column items.user_id
CREATE TABLE _shale_new_items (
    id integer NOT NULL,
    user_id bigint,
    PRIMARY KEY (id),
    CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
INSERT INTO _shale_new_items (id, user_id) SELECT id, user_id FROM items;
DROP TABLE items;
ALTER TABLE _shale_new_items RENAME TO items;
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.id
CREATE TABLE _shale_new_users (
    id bigint NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id) SELECT id FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;

-- shale:downgrade
-- WARNING: may destroy data: changes the type of users.id from bigint to integer; values may be truncated or fail to convert
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.id
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id) SELECT id FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
-- WARNING: may destroy data: changes the type of items.user_id from bigint to integer; values may be truncated or fail to convert
-- SQLite cannot make these changes in place; rebuilding table items: alter column items.user_id
CREATE TABLE _shale_new_items (
    id integer NOT NULL,
    user_id integer,
    PRIMARY KEY (id),
    CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
INSERT INTO _shale_new_items (id, user_id) SELECT id, user_id FROM items;
DROP TABLE items;
ALTER TABLE _shale_new_items RENAME TO items;
