-- shale:upgrade
DROP INDEX ix_memberships_org_id_user_id;
CREATE UNIQUE INDEX ix_memberships_org_id_user_id ON memberships (org_id, user_id);
CREATE INDEX ix_memberships_role_org_id ON memberships (role, org_id);

-- shale:downgrade
DROP INDEX ix_memberships_role_org_id;
DROP INDEX ix_memberships_org_id_user_id;
CREATE INDEX ix_memberships_org_id_user_id ON memberships (org_id, user_id);
