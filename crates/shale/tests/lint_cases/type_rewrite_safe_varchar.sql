-- lint-test: setup CREATE TABLE users (id bigint NOT NULL, name varchar(80), CONSTRAINT pk_users PRIMARY KEY (id))
-- shale:revision c1
-- shale:revises s0
-- shale:upgrade
SET lock_timeout = '5s';
ALTER TABLE users ALTER COLUMN name TYPE varchar(120);
-- shale:downgrade
ALTER TABLE users ALTER COLUMN name TYPE varchar(80);
