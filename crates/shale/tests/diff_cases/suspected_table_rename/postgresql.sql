-- suspected rename: table people is dropped and table users created with the same columns: if this is a rename, declare it, otherwise the rows of people are lost
-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: destroys data: drops table people and all its rows
-- shale:allow drop-table
DROP TABLE people;
CREATE TABLE users (
    id integer NOT NULL,
    name varchar(80),
    PRIMARY KEY (id)
);

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: destroys data: drops table users and all its rows
-- shale:allow drop-table
DROP TABLE users;
CREATE TABLE people (
    id integer NOT NULL,
    name varchar(80),
    PRIMARY KEY (id)
);
