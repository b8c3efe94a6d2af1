-- suspected rename: table people is dropped and table users created with the same columns: if this is a rename, declare it, otherwise the rows of people are lost
-- shale:upgrade
-- WARNING: destroys data: drops table people and all its rows
-- shale:allow drop-table
DROP TABLE people;
CREATE TABLE users (
    id integer NOT NULL,
    name varchar(80),
    PRIMARY KEY (id)
);

-- shale:downgrade
-- WARNING: destroys data: drops table users and all its rows
-- shale:allow drop-table
DROP TABLE users;
CREATE TABLE people (
    id integer NOT NULL,
    name varchar(80),
    PRIMARY KEY (id)
);
