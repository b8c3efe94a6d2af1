-- revision 1 of 2
-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE users ADD COLUMN code varchar(20);

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- WARNING: destroys data: drops column users.code
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN code;
-- revision 2 of 2
-- shale:transaction off
-- shale:upgrade
CREATE UNIQUE INDEX CONCURRENTLY uq_users_code ON users (code);
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE users ADD CONSTRAINT uq_users_code UNIQUE USING INDEX uq_users_code;
CREATE TABLE badges (
    id integer NOT NULL,
    user_code varchar(20),
    PRIMARY KEY (id),
    CONSTRAINT fk_badges_user_code_users FOREIGN KEY (user_code) REFERENCES users (code)
);
SET lock_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
-- WARNING: destroys data: drops table badges and all its rows
-- shale:allow drop-table
DROP TABLE badges;
ALTER TABLE users DROP CONSTRAINT uq_users_code;
SET lock_timeout = DEFAULT;
