-- shale:transaction off
-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE memberships DROP CONSTRAINT pk_memberships;
SET lock_timeout = DEFAULT;
CREATE UNIQUE INDEX CONCURRENTLY pk_memberships ON memberships (org_id, user_id);
SET lock_timeout = '500ms';
ALTER TABLE memberships ADD CONSTRAINT pk_memberships PRIMARY KEY USING INDEX pk_memberships;
SET lock_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET lock_timeout = '500ms';
ALTER TABLE memberships DROP CONSTRAINT pk_memberships;
SET lock_timeout = DEFAULT;
CREATE UNIQUE INDEX CONCURRENTLY pk_memberships ON memberships (org_id);
SET lock_timeout = '500ms';
ALTER TABLE memberships ADD CONSTRAINT pk_memberships PRIMARY KEY USING INDEX pk_memberships;
SET lock_timeout = DEFAULT;
