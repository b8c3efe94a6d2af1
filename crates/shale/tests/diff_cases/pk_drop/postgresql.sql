-- shale:upgrade
ALTER TABLE log DROP CONSTRAINT log_pkey;

-- shale:downgrade
ALTER TABLE log ADD PRIMARY KEY (id);
