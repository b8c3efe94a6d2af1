-- shale:transaction off
-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE log DROP CONSTRAINT log_pkey;
SET lock_timeout = DEFAULT;

-- shale:downgrade
CREATE UNIQUE INDEX CONCURRENTLY log_pkey ON log (id);
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE log ADD CONSTRAINT log_pkey PRIMARY KEY USING INDEX log_pkey;
SET lock_timeout = DEFAULT;
