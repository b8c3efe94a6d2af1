-- shale:upgrade
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE people (
    id integer NOT NULL,
    mood mood NOT NULL DEFAULT 'happy',
    PRIMARY KEY (id)
);

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: destroys data: drops table people and all its rows
-- shale:allow drop-table
DROP TABLE people;
DROP TYPE mood;
