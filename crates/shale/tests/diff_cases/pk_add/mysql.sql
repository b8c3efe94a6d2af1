-- shale:upgrade
ALTER TABLE events ADD CONSTRAINT pk_events PRIMARY KEY (id);

-- shale:downgrade
ALTER TABLE events DROP PRIMARY KEY;
