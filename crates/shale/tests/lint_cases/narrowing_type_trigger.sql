-- lint-test: dialect mysql
-- lint-test: expect mysql-copying-alter 8
-- lint-test: setup CREATE TABLE users (id bigint NOT NULL, name varchar(255) NOT NULL, CONSTRAINT pk_users PRIMARY KEY (id))
-- lint-test: expect narrowing-type 8
-- shale:revision c1
-- shale:revises s0
-- shale:upgrade
ALTER TABLE users MODIFY COLUMN name varchar(80) NOT NULL;
-- shale:downgrade
ALTER TABLE users MODIFY COLUMN name varchar(255) NOT NULL;
