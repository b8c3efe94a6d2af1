-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE users DROP CONSTRAINT fk_users_org_id_orgs;
DROP INDEX ix_users_org_id;
-- WARNING: destroys data: drops column users.org_id
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN org_id;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE users ADD COLUMN org_id integer;
CREATE INDEX ix_users_org_id ON users (org_id);
ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id);
