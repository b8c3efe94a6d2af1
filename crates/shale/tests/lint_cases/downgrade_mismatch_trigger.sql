-- lint-test: dialect sqlite
-- lint-test: expect downgrade-mismatch 8
-- lint-test: expect downgrade-mismatch 9
-- lint-test: expect downgrade-mismatch 10
-- shale:revision c1
-- shale:upgrade
CREATE TABLE tags (id integer NOT NULL, CONSTRAINT pk_tags PRIMARY KEY (id));
CREATE TABLE labels (id integer NOT NULL, CONSTRAINT pk_labels PRIMARY KEY (id));
ALTER TABLE users ADD COLUMN tag_id integer;
CREATE INDEX ix_users_email ON users (email);
-- shale:downgrade
DROP TABLE tags;
