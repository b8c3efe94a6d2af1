-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE settings MODIFY COLUMN theme varchar(20) NULL DEFAULT 'light', ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE settings MODIFY COLUMN lang varchar(10) NULL DEFAULT 'fr', ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE settings MODIFY COLUMN tz varchar(40) NULL, ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE settings MODIFY COLUMN tz varchar(40) NULL DEFAULT 'UTC', ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE settings MODIFY COLUMN lang varchar(10) NULL DEFAULT 'en', ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE settings MODIFY COLUMN theme varchar(20) NULL, ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
