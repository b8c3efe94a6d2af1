-- shale:upgrade
-- NOTE: MySQL/MariaDB drop a primary key with a copying ALTER (ALGORITHM=COPY): writes to memberships
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE memberships DROP PRIMARY KEY;
ALTER TABLE memberships ADD PRIMARY KEY (org_id, user_id), ALGORITHM=INPLACE, LOCK=NONE;

-- shale:downgrade
-- NOTE: MySQL/MariaDB drop a primary key with a copying ALTER (ALGORITHM=COPY): writes to memberships
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE memberships DROP PRIMARY KEY;
ALTER TABLE memberships ADD PRIMARY KEY (org_id), ALGORITHM=INPLACE, LOCK=NONE;
