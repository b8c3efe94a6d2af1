-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table users: drop unique users_email_key on users; add column users.bio; add unique uq_users_email on users
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    bio text,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT uq_users_email UNIQUE (email)
);
INSERT INTO _shale_new_users (id, email) SELECT id, email FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;

-- shale:downgrade
-- WARNING: destroys data: drops column users.bio
-- SQLite cannot make these changes in place; rebuilding table users: drop unique uq_users_email on users; drop column users.bio; add unique users_email_key on users
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email)
);
INSERT INTO _shale_new_users (id, email) SELECT id, email FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
