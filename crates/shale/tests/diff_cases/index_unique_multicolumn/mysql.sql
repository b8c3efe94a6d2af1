-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE memberships DROP INDEX ix_memberships_org_id_user_id, ALGORITHM=INPLACE, LOCK=NONE;
CREATE UNIQUE INDEX ix_memberships_org_id_user_id ON memberships (org_id, user_id) ALGORITHM=INPLACE LOCK=NONE;
CREATE INDEX ix_memberships_role_org_id ON memberships (role, org_id) ALGORITHM=INPLACE LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE memberships DROP INDEX ix_memberships_role_org_id, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE memberships DROP INDEX ix_memberships_org_id_user_id, ALGORITHM=INPLACE, LOCK=NONE;
CREATE INDEX ix_memberships_org_id_user_id ON memberships (org_id, user_id) ALGORITHM=INPLACE LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;
