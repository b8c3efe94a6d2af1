-- shale:upgrade
ALTER TABLE users ADD COLUMN code varchar(20) NULL, ALGORITHM=INSTANT;
ALTER TABLE users ADD CONSTRAINT uq_users_code UNIQUE (code), ALGORITHM=INPLACE, LOCK=NONE;
CREATE TABLE badges (
    id integer NOT NULL,
    user_code varchar(20) NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_badges_user_code_users FOREIGN KEY (user_code) REFERENCES users (code)
);

-- shale:downgrade
-- WARNING: destroys data: drops table badges and all its rows
-- shale:allow drop-table
DROP TABLE badges;
ALTER TABLE users DROP INDEX uq_users_code, ALGORITHM=INPLACE, LOCK=NONE;
-- WARNING: destroys data: drops column users.code
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN code, LOCK=NONE;
