-- shale:transaction off
-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE slots DROP CONSTRAINT uq_slots;
SET lock_timeout = DEFAULT;
CREATE UNIQUE INDEX CONCURRENTLY uq_slots ON slots (room, day, hour);
SET lock_timeout = '500ms';
ALTER TABLE slots ADD CONSTRAINT uq_slots UNIQUE USING INDEX uq_slots;
SET lock_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE slots DROP CONSTRAINT uq_slots;
SET lock_timeout = DEFAULT;
CREATE UNIQUE INDEX CONCURRENTLY uq_slots ON slots (room, day);
SET lock_timeout = '500ms';
ALTER TABLE slots ADD CONSTRAINT uq_slots UNIQUE USING INDEX uq_slots;
SET lock_timeout = DEFAULT;
