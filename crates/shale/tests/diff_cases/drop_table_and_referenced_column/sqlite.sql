-- needs foreign_keys off
-- shale:upgrade
-- WARNING: destroys data: drops table badges and all its rows
-- shale:allow drop-table
DROP TABLE badges;
-- WARNING: destroys data: drops column users.code
-- SQLite cannot make these changes in place; rebuilding table users: drop unique uq_users_code on users; drop column users.code
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id) SELECT id FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;

-- shale:downgrade
ALTER TABLE users ADD COLUMN code varchar(20);
CREATE TABLE badges (
    id integer NOT NULL,
    user_code varchar(20),
    PRIMARY KEY (id),
    CONSTRAINT fk_badges_user_code_users FOREIGN KEY (user_code) REFERENCES users (code)
);
-- SQLite cannot make these changes in place; rebuilding table users: add unique uq_users_code on users
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    code varchar(20),
    PRIMARY KEY (id),
    CONSTRAINT uq_users_code UNIQUE (code)
);
INSERT INTO _shale_new_users (id, code) SELECT id, code FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
