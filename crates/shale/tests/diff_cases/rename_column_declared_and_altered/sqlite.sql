-- needs foreign_keys off
-- shale:upgrade
-- NOTE: a declared rename: the previous release still reads users.fullname
-- shale:allow rename-column
ALTER TABLE users RENAME COLUMN fullname TO display_name;
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.display_name
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    display_name varchar(120),
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id, display_name) SELECT id, display_name FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;

-- shale:downgrade
-- WARNING: may destroy data: changes the type of users.display_name from varchar(120) to varchar(80); values may be truncated or fail to convert
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.display_name; rename column users.display_name to fullname
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    fullname varchar(80),
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id, fullname) SELECT id, display_name FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
