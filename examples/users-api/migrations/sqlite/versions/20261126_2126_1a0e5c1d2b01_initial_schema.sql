-- shale:revision 1a0e5c1d2b01
-- shale:revises
-- shale:message  initial schema
-- shale:created  2026-11-26T21:26:02Z

-- shale:upgrade
CREATE TABLE users (
    id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    email varchar(255) NOT NULL,
    fullname varchar(120) NOT NULL
);
CREATE TABLE items (
    id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id integer NOT NULL,
    title varchar(200) NOT NULL,
    CONSTRAINT fk_items_user_id_users FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_items_user_id ON items (user_id);

-- shale:downgrade
-- WARNING: destroys data: drops table items and all its rows
DROP TABLE items;
-- WARNING: destroys data: drops table users and all its rows
DROP TABLE users;
