-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE teams DROP PRIMARY KEY, ADD PRIMARY KEY (id) COMMENT 'The team number', ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE teams DROP PRIMARY KEY, ADD PRIMARY KEY (id) COMMENT 'One row per team', ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
