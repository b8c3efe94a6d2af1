-- shale:transaction off
-- shale:upgrade
DROP INDEX CONCURRENTLY ix_memberships_org_id_user_id;
CREATE UNIQUE INDEX CONCURRENTLY ix_memberships_org_id_user_id ON memberships (org_id, user_id);
CREATE INDEX CONCURRENTLY ix_memberships_role_org_id ON memberships (role, org_id);

-- shale:downgrade
DROP INDEX CONCURRENTLY ix_memberships_role_org_id;
DROP INDEX CONCURRENTLY ix_memberships_org_id_user_id;
CREATE INDEX CONCURRENTLY ix_memberships_org_id_user_id ON memberships (org_id, user_id);
