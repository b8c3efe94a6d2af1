-- lint-test: expect index-not-concurrent 5
-- shale:revision c1
-- shale:upgrade
SET lock_timeout = '5s';
ALTER TABLE posts ADD CONSTRAINT uq_posts_slug UNIQUE (slug);
CREATE TABLE tags (id bigint NOT NULL, name text NOT NULL);
ALTER TABLE tags ADD CONSTRAINT pk_tags PRIMARY KEY (id);
-- shale:downgrade
DROP TABLE tags;
ALTER TABLE posts DROP CONSTRAINT uq_posts_slug;
