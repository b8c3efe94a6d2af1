-- needs foreign_keys off
-- shale:upgrade
DROP INDEX ix_users_email;
-- SQLite cannot make these changes in place; rebuilding table users: add unique uq_users_email on users
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_users_email UNIQUE (email)
);
INSERT INTO _shale_new_users (id, email) SELECT id, email FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;

-- shale:downgrade
-- SQLite cannot make these changes in place; rebuilding table users: drop unique uq_users_email on users; add index ix_users_email on users
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id, email) SELECT id, email FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
CREATE UNIQUE INDEX ix_users_email ON users (email);
