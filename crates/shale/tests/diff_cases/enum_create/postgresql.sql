-- shale:upgrade
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE people (
    id integer NOT NULL,
    mood mood NOT NULL DEFAULT 'happy',
    PRIMARY KEY (id)
);

-- shale:downgrade
-- WARNING: destroys data: drops table people and all its rows
DROP TABLE people;
DROP TYPE mood;
