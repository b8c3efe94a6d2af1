-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table users: drop unique uq_users_handle on users; add unique uq_users_email on users
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    handle varchar(40) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_users_email UNIQUE (email)
);
INSERT INTO _shale_new_users (id, email, handle) SELECT id, email, handle FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;

-- shale:downgrade
-- SQLite cannot make these changes in place; rebuilding table users: drop unique uq_users_email on users; add unique uq_users_handle on users
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    handle varchar(40) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_users_handle UNIQUE (handle)
);
INSERT INTO _shale_new_users (id, email, handle) SELECT id, email, handle FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
