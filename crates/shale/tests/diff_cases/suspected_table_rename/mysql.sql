-- suspected rename: table people is dropped and table users created with the same columns: if this is a rename, declare it, otherwise the rows of people are lost
-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- WARNING: destroys data: drops table people and all its rows
-- shale:allow drop-table
DROP TABLE people;
CREATE TABLE users (
    id integer NOT NULL,
    name varchar(80) NULL,
    PRIMARY KEY (id)
);
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- WARNING: destroys data: drops table users and all its rows
-- shale:allow drop-table
DROP TABLE users;
CREATE TABLE people (
    id integer NOT NULL,
    name varchar(80) NULL,
    PRIMARY KEY (id)
);
SET SESSION lock_wait_timeout = DEFAULT;
