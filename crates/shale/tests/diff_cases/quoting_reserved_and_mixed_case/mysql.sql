-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
CREATE TABLE `user` (
    id integer NOT NULL,
    `order` integer NULL,
    `FirstName` varchar(40) NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_user_order ON `user` (`order`);
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- WARNING: destroys data: drops table user and all its rows
-- shale:allow drop-table
DROP TABLE `user`;
SET SESSION lock_wait_timeout = DEFAULT;
