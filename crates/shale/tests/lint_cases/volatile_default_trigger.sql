-- lint-test: expect volatile-default 7
-- lint-test: expect volatile-default 8
-- lint-test: expect prefer-identity 8
-- shale:revision c1
-- shale:upgrade
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE users ADD COLUMN seq bigserial;
-- shale:downgrade
ALTER TABLE users DROP COLUMN seq;
ALTER TABLE users DROP COLUMN token;
