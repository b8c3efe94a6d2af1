-- shale:upgrade
ALTER TABLE memberships DROP INDEX ix_memberships_org_id_user_id, ALGORITHM=INPLACE, LOCK=NONE;
CREATE UNIQUE INDEX ix_memberships_org_id_user_id ON memberships (org_id, user_id) ALGORITHM=INPLACE LOCK=NONE;
CREATE INDEX ix_memberships_role_org_id ON memberships (role, org_id) ALGORITHM=INPLACE LOCK=NONE;

-- shale:downgrade
ALTER TABLE memberships DROP INDEX ix_memberships_role_org_id, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE memberships DROP INDEX ix_memberships_org_id_user_id, ALGORITHM=INPLACE, LOCK=NONE;
CREATE INDEX ix_memberships_org_id_user_id ON memberships (org_id, user_id) ALGORITHM=INPLACE LOCK=NONE;
