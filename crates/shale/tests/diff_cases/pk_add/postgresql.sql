-- shale:transaction off
-- shale:upgrade
CREATE UNIQUE INDEX CONCURRENTLY pk_events ON events (id);
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE events ADD CONSTRAINT pk_events PRIMARY KEY USING INDEX pk_events;
SET lock_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE events DROP CONSTRAINT pk_events;
SET lock_timeout = DEFAULT;
