-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.nickname
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255),
    nickname varchar(40),
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id, email, nickname) SELECT id, email, nickname FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
-- TODO: backfill users.email for existing rows: replace NULL below with a value or expression.
-- Left as is, it changes nothing and the statement that makes email NOT NULL
-- fails on a table that has rows (the rebuild's INSERT checks every row), so nothing is lost.
UPDATE users SET email = NULL /* shale: replace NULL with the backfill value */ WHERE email IS NULL;
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.email
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    nickname varchar(40),
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id, email, nickname) SELECT id, email, nickname FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;

-- shale:downgrade
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.email; alter column users.nickname
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255),
    nickname varchar(40) NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id, email, nickname) SELECT id, email, nickname FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
