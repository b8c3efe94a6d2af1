-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users DROP FOREIGN KEY fk_users_org_id_orgs, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE users DROP INDEX ix_users_org_id, ALGORITHM=INPLACE, LOCK=NONE;
-- WARNING: destroys data: drops column users.org_id
-- shale:allow drop-column
ALTER TABLE users DROP COLUMN org_id, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE users ADD COLUMN org_id integer NULL, ALGORITHM=INSTANT;
CREATE INDEX ix_users_org_id ON users (org_id) ALGORITHM=INPLACE LOCK=NONE;
-- NOTE: MySQL/MariaDB add a foreign key with a copying ALTER (ALGORITHM=COPY): writes to users
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id);
SET SESSION lock_wait_timeout = DEFAULT;
