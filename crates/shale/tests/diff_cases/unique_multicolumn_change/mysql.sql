-- shale:upgrade
ALTER TABLE slots DROP INDEX uq_slots;
ALTER TABLE slots ADD CONSTRAINT uq_slots UNIQUE (room, day, hour);

-- shale:downgrade
ALTER TABLE slots DROP INDEX uq_slots;
ALTER TABLE slots ADD CONSTRAINT uq_slots UNIQUE (room, day);
