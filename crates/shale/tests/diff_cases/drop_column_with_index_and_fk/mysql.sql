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
-- InnoDB adds a foreign key in place (writes go on) only with foreign_key_checks off,
-- checking no existing row: the procedure after it fails the revision if a row has no parent.
SET SESSION foreign_key_checks = 0;
ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id), ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION foreign_key_checks = DEFAULT;
DROP PROCEDURE IF EXISTS _shale_check_fk_users_org_id_orgs;
CREATE PROCEDURE _shale_check_fk_users_org_id_orgs() BEGIN DECLARE orphans INT; SELECT EXISTS (SELECT 1 FROM users c WHERE c.org_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM orgs p WHERE p.id = c.org_id)) INTO orphans; IF orphans THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'foreign key fk_users_org_id_orgs: a row of users has no parent in orgs'; END IF; END;
CALL _shale_check_fk_users_org_id_orgs();
DROP PROCEDURE _shale_check_fk_users_org_id_orgs;
SET SESSION lock_wait_timeout = DEFAULT;
