-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table teams: drop primary key on teams; add primary key on teams
CREATE TABLE _shale_new_teams (
    id integer NOT NULL,
    CONSTRAINT pk_teams PRIMARY KEY (id)
);
INSERT INTO _shale_new_teams (id) SELECT id FROM teams;
DROP TABLE teams;
ALTER TABLE _shale_new_teams RENAME TO teams;
-- SQLite cannot make these changes in place; rebuilding table users: drop primary key on users; add primary key on users
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    CONSTRAINT pk_users PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id) SELECT id FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;

-- shale:downgrade
-- SQLite cannot make these changes in place; rebuilding table users: drop primary key on users; add primary key on users
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id) SELECT id FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
-- SQLite cannot make these changes in place; rebuilding table teams: drop primary key on teams; add primary key on teams
CREATE TABLE _shale_new_teams (
    id integer NOT NULL,
    CONSTRAINT teams_pkey PRIMARY KEY (id)
);
INSERT INTO _shale_new_teams (id) SELECT id FROM teams;
DROP TABLE teams;
ALTER TABLE _shale_new_teams RENAME TO teams;
