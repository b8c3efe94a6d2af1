-- lint-test: expect missing-lock-timeout 5
-- shale:revision c1
-- shale:upgrade
CREATE TABLE tags (id bigint NOT NULL, CONSTRAINT pk_tags PRIMARY KEY (id));
ALTER TABLE users ADD COLUMN bio text;
ALTER TABLE users ADD COLUMN motto text;
-- shale:downgrade
ALTER TABLE users DROP COLUMN motto;
ALTER TABLE users DROP COLUMN bio;
DROP TABLE tags;
