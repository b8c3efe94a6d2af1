-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE settings ALTER COLUMN theme SET DEFAULT 'light';
ALTER TABLE settings ALTER COLUMN lang SET DEFAULT 'fr';
ALTER TABLE settings ALTER COLUMN tz DROP DEFAULT;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE settings ALTER COLUMN tz SET DEFAULT 'UTC';
ALTER TABLE settings ALTER COLUMN lang SET DEFAULT 'en';
ALTER TABLE settings ALTER COLUMN theme DROP DEFAULT;
