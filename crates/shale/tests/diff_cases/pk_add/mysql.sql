-- shale:upgrade
ALTER TABLE events ADD PRIMARY KEY (id), ALGORITHM=INPLACE, LOCK=NONE;

-- shale:downgrade
-- NOTE: MySQL/MariaDB drop a primary key with a copying ALTER (ALGORITHM=COPY): writes to events
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE events DROP PRIMARY KEY;
