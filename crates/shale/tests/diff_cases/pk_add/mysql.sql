-- shale:upgrade
ALTER TABLE events ADD PRIMARY KEY (id);

-- shale:downgrade
ALTER TABLE events DROP PRIMARY KEY;
