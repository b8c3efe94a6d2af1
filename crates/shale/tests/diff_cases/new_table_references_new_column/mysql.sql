-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users ADD COLUMN code varchar(20) NULL, ALGORITHM=INSTANT;
ALTER TABLE users ADD CONSTRAINT uq_users_code UNIQUE (code), ALGORITHM=INPLACE, LOCK=NONE;
CREATE TABLE badges (
    id integer NOT NULL,
    user_code varchar(20) NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_badges_user_code_users FOREIGN KEY (user_code) REFERENCES users (code)
);
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- WARNING: destroys data: drops table badges and all its rows
-- shale:allow drop-table
DROP TABLE badges;
ALTER TABLE users DROP INDEX uq_users_code, ALGORITHM=INPLACE, LOCK=NONE;
-- WARNING: destroys data: drops column users.code
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN code, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
