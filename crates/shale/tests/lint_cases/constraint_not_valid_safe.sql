-- shale:revision c1
-- shale:upgrade
SET lock_timeout = '5s';
ALTER TABLE posts ADD CONSTRAINT fk_posts_author FOREIGN KEY (author_id) REFERENCES users (id) NOT VALID;
ALTER TABLE posts VALIDATE CONSTRAINT fk_posts_author;
ALTER TABLE posts ADD CONSTRAINT uq_posts_slug UNIQUE USING INDEX ix_posts_slug;
-- shale:downgrade
ALTER TABLE posts DROP CONSTRAINT uq_posts_slug;
ALTER TABLE posts DROP CONSTRAINT fk_posts_author;
