-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
CREATE TABLE users (
    id bigint NOT NULL AUTO_INCREMENT,
    email varchar(255) NOT NULL,
    display_name varchar(80) NULL,
    age integer NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT uq_users_email UNIQUE (email),
    CONSTRAINT ck_users_age CHECK (age >= 0)
);
CREATE INDEX ix_users_display_name ON users (display_name);
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- WARNING: destroys data: drops table users and all its rows
-- shale:allow drop-table
DROP TABLE users;
SET SESSION lock_wait_timeout = DEFAULT;
