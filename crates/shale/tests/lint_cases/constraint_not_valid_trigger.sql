-- lint-test: expect constraint-not-valid 6
-- lint-test: expect constraint-not-valid 7
-- shale:revision c1
-- shale:upgrade
SET lock_timeout = '5s';
ALTER TABLE posts ADD CONSTRAINT fk_posts_author FOREIGN KEY (author_id) REFERENCES users (id);
ALTER TABLE posts ADD CONSTRAINT ck_posts_len CHECK (length(title) < 200);
-- shale:downgrade
ALTER TABLE posts DROP CONSTRAINT ck_posts_len;
ALTER TABLE posts DROP CONSTRAINT fk_posts_author;
