-- lint-test: setup CREATE TABLE users (id bigint NOT NULL, age integer, CONSTRAINT pk_users PRIMARY KEY (id))
-- lint-test: expect type-rewrite 7
-- shale:revision c1
-- shale:revises s0
-- shale:upgrade
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN age TYPE bigint;
-- shale:downgrade
ALTER TABLE users ALTER COLUMN age TYPE integer;
