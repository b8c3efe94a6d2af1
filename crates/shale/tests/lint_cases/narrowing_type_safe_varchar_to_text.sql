-- lint-test: dialect mysql
-- lint-test: expect mysql-copying-alter 7
-- lint-test: setup CREATE TABLE notes (id bigint NOT NULL, body varchar(200), CONSTRAINT pk_notes PRIMARY KEY (id))
-- shale:revision c1
-- shale:revises s0
-- shale:upgrade
ALTER TABLE notes MODIFY COLUMN body text;
-- shale:downgrade
ALTER TABLE notes MODIFY COLUMN body varchar(200);
