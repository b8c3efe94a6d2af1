-- lint-test: setup CREATE TABLE users (id bigint NOT NULL, email text, CONSTRAINT pk_users PRIMARY KEY (id))
-- lint-test: setup SET lock_timeout = '5s'
-- lint-test: setup ALTER TABLE users ADD CONSTRAINT ck_users_email_nn CHECK (email IS NOT NULL) NOT VALID
-- shale:revision c1
-- shale:revises s0
-- shale:upgrade
SET lock_timeout = '5s';
ALTER TABLE users VALIDATE CONSTRAINT ck_users_email_nn;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT ck_users_email_nn;
-- shale:downgrade
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
