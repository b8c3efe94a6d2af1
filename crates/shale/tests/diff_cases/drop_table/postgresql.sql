-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: destroys data: drops table sessions and all its rows
-- shale:allow drop-table
DROP TABLE sessions;

-- shale:downgrade
CREATE TABLE sessions (
    id integer NOT NULL,
    token text NOT NULL,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_sessions_token ON sessions (token);
