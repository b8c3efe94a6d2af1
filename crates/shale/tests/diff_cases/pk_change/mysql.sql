-- shale:upgrade
ALTER TABLE memberships DROP PRIMARY KEY;
ALTER TABLE memberships ADD PRIMARY KEY (org_id, user_id);

-- shale:downgrade
ALTER TABLE memberships DROP PRIMARY KEY;
ALTER TABLE memberships ADD PRIMARY KEY (org_id);
