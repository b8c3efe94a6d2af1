-- lint-test: dialect sqlite
-- shale:revision c1
-- shale:upgrade
ALTER TABLE users ADD COLUMN age integer NOT NULL DEFAULT 0;
CREATE TABLE tags (id integer NOT NULL, name text NOT NULL, PRIMARY KEY (id));
-- shale:downgrade
DROP TABLE tags;
ALTER TABLE users DROP COLUMN age;
