-- shale:upgrade
ALTER TABLE log DROP PRIMARY KEY;

-- shale:downgrade
ALTER TABLE log ADD PRIMARY KEY (id);
