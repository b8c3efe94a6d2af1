-- needs foreign_keys off
-- shale:upgrade
ALTER TABLE users ADD COLUMN plan varchar(20);
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.email
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    plan varchar(20),
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id, email, plan) SELECT id, email, plan FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
-- TODO: backfill users.plan for existing rows: replace NULL below with a value or expression.
-- Left as is, it changes nothing and the statement that makes plan NOT NULL
-- fails on a table that has rows (the rebuild's INSERT checks every row), so nothing is lost.
UPDATE users SET plan = NULL /* shale: replace NULL with the backfill value */ WHERE plan IS NULL;
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.plan
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    plan varchar(20) NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id, email, plan) SELECT id, email, plan FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;

-- shale:downgrade
-- WARNING: may destroy data: changes the type of users.email from varchar(255) to varchar(80); values may be truncated or fail to convert
-- WARNING: destroys data: drops column users.plan
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.plan; alter column users.email; drop column users.plan
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(80) NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id, email) SELECT id, email FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
