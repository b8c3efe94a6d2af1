-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE log DROP CONSTRAINT log_pkey;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE log ADD PRIMARY KEY (id);
