-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- WARNING: destroys data: drops table sessions and all its rows
-- shale:allow drop-table
DROP TABLE sessions;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
CREATE TABLE sessions (
    id integer NOT NULL,
    token text NOT NULL,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_sessions_token ON sessions (token);
SET SESSION lock_wait_timeout = DEFAULT;
