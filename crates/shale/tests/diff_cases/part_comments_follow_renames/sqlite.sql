-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table users: drop unique uq_users_handle on users; add unique uq_users_nick on users; drop unique uq_users_phone on users; add unique uq_users_number on users; drop index ix_users_city on users; add index ix_users_town on users; drop index ix_users_email on users; add index ix_users_address on users
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    city varchar(80) NOT NULL,
    handle varchar(40) NOT NULL,
    phone varchar(20) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_users_nick UNIQUE (handle),
    CONSTRAINT uq_users_number UNIQUE (phone)
);
INSERT INTO _shale_new_users (id, email, city, handle, phone) SELECT id, email, city, handle, phone FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
CREATE INDEX ix_users_address ON users (email);
CREATE INDEX ix_users_town ON users (city);

-- shale:downgrade
DROP INDEX ix_users_address;
CREATE INDEX ix_users_email ON users (email);
DROP INDEX ix_users_town;
CREATE INDEX ix_users_city ON users (city);
-- SQLite cannot make these changes in place; rebuilding table users: drop unique uq_users_number on users; add unique uq_users_phone on users; drop unique uq_users_nick on users; add unique uq_users_handle on users
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    city varchar(80) NOT NULL,
    handle varchar(40) NOT NULL,
    phone varchar(20) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_users_handle UNIQUE (handle),
    CONSTRAINT uq_users_phone UNIQUE (phone)
);
INSERT INTO _shale_new_users (id, email, city, handle, phone) SELECT id, email, city, handle, phone FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
CREATE INDEX ix_users_city ON users (city);
CREATE INDEX ix_users_email ON users (email);
