-- A unique index built concurrently and attached as a constraint is dropped by dropping
-- the constraint: the downgrade undoes the upgrade.
-- lint-test: setup CREATE TABLE users (id bigint NOT NULL, email text, CONSTRAINT pk_users PRIMARY KEY (id))
-- shale:revision c1
-- shale:revises s0
-- shale:transaction off
-- shale:upgrade
CREATE UNIQUE INDEX CONCURRENTLY uq_users_email ON users (email);
SET lock_timeout = '500ms';
ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE USING INDEX uq_users_email;
-- shale:downgrade
ALTER TABLE users DROP CONSTRAINT uq_users_email;
