-- lint-test: setup CREATE TABLE events (id bigint NOT NULL, CONSTRAINT pk_events PRIMARY KEY (id))
-- lint-test: expect table-rewrite 8
-- shale:revision c1
-- shale:revises s0
-- shale:upgrade
SET lock_timeout = '5s';
CREATE UNLOGGED TABLE staging (id bigint NOT NULL, CONSTRAINT pk_staging PRIMARY KEY (id));
ALTER TABLE events SET UNLOGGED;
ALTER TABLE staging SET LOGGED;
-- shale:downgrade
ALTER TABLE events SET LOGGED;
DROP TABLE staging;
