-- shale:upgrade
ALTER TABLE posts DROP FOREIGN KEY fk_posts_author_id_users;
DROP INDEX fk_posts_author_id_users ON posts;

-- shale:downgrade
ALTER TABLE posts ADD CONSTRAINT fk_posts_author_id_users FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL;
