-- shale:upgrade
ALTER TABLE users DROP FOREIGN KEY fk_users_org_id_orgs;
DROP INDEX ix_users_org_id ON users;
-- WARNING: destroys data: drops column users.org_id
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN org_id;

-- shale:downgrade
ALTER TABLE users ADD COLUMN org_id integer NULL;
CREATE INDEX ix_users_org_id ON users (org_id);
ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id);
