-- lint-test: dialect sqlite
-- lint-test: setup CREATE TABLE users (id integer NOT NULL, email varchar(80), PRIMARY KEY (id))
-- lint-test: setup CREATE INDEX ix_users_email ON users (email)
-- shale:revision c1
-- shale:revises s0
-- shale:upgrade
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255),
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id, email) SELECT id, email FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
CREATE INDEX ix_users_email ON users (email);
-- shale:downgrade
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(80),
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id, email) SELECT id, email FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
CREATE INDEX ix_users_email ON users (email);
