-- shale:revision 4d3b8f4a5e04
-- shale:revises  3c2a7e3f4d03
-- shale:message  users.timezone not null
-- shale:created  2026-11-26T21:26:05Z
-- shale:foreign-keys off

-- shale:upgrade
ALTER TABLE users ADD COLUMN timezone varchar(64);
-- Backfill: every existing user gets UTC.
UPDATE users SET timezone = 'UTC' WHERE timezone IS NULL;
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.timezone
CREATE TABLE _shale_new_users (
    id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    email varchar(255) NOT NULL,
    fullname varchar(120) NOT NULL,
    display_name varchar(80),
    timezone varchar(64) NOT NULL
);
INSERT INTO _shale_new_users (id, email, fullname, display_name, timezone) SELECT id, email, fullname, display_name, timezone FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
CREATE UNIQUE INDEX ix_users_email ON users (email);

-- shale:downgrade
-- WARNING: destroys data: drops column users.timezone
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.timezone; drop column users.timezone
CREATE TABLE _shale_new_users (
    id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    email varchar(255) NOT NULL,
    fullname varchar(120) NOT NULL,
    display_name varchar(80)
);
INSERT INTO _shale_new_users (id, email, fullname, display_name) SELECT id, email, fullname, display_name FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
CREATE UNIQUE INDEX ix_users_email ON users (email);
