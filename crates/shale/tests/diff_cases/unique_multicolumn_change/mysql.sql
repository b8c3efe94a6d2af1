-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE slots DROP INDEX uq_slots, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE slots ADD CONSTRAINT uq_slots UNIQUE (room, day, hour), ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE slots DROP INDEX uq_slots, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE slots ADD CONSTRAINT uq_slots UNIQUE (room, day), ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
