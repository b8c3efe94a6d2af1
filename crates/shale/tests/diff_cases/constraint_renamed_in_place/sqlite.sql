-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table users: drop primary key on users; add primary key on users; drop unique users_email_key on users; add unique uq_users_email on users; add column users.bio
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    bio text,
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT uq_users_email UNIQUE (email)
);
INSERT INTO _shale_new_users (id, email) SELECT id, email FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;

-- shale:downgrade
-- WARNING: destroys data: drops column users.bio
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN bio;
-- SQLite cannot make these changes in place; rebuilding table users: drop unique uq_users_email on users; add unique users_email_key on users; drop primary key on users; add primary key on users
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    email varchar(255) NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email)
);
INSERT INTO _shale_new_users (id, email) SELECT id, email FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
