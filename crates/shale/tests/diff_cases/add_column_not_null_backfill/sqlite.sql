-- needs foreign_keys off
-- shale:upgrade
ALTER TABLE users ADD COLUMN display_name varchar(80);
-- TODO: backfill users.display_name for existing rows: replace NULL below with a value or expression.
-- Left as is, it changes nothing and the statement that makes display_name NOT NULL
-- fails on a table that has rows (the rebuild's INSERT checks every row), so nothing is lost.
UPDATE users SET display_name = NULL /* shale: replace NULL with the backfill value */ WHERE display_name IS NULL;
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.display_name
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    display_name varchar(80) NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id, email, display_name) SELECT id, email, display_name FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
CREATE INDEX ix_users_email ON users (email);

-- shale:downgrade
-- WARNING: destroys data: drops column users.display_name
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.display_name; drop column users.display_name
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id, email) SELECT id, email FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
CREATE INDEX ix_users_email ON users (email);
