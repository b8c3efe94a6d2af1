-- shale:upgrade
-- NOTE: MySQL/MariaDB drop a primary key with a copying ALTER (ALGORITHM=COPY): writes to log
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE log DROP PRIMARY KEY;

-- shale:downgrade
ALTER TABLE log ADD PRIMARY KEY (id), ALGORITHM=INPLACE, LOCK=NONE;
