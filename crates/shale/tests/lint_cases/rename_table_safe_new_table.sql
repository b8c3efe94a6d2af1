-- lint-test: dialect sqlite
-- shale:revision c1
-- shale:upgrade
CREATE TABLE draft_tags (id integer NOT NULL, PRIMARY KEY (id));
ALTER TABLE draft_tags RENAME TO tags;
ALTER TABLE tags RENAME COLUMN id TO tag_id;
-- shale:downgrade
DROP TABLE tags;
