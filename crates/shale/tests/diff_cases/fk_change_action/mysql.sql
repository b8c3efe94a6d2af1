-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE posts DROP FOREIGN KEY fk_posts_author_id_users, ALGORITHM=INPLACE, LOCK=NONE;
DROP INDEX fk_posts_author_id_users ON posts;
-- NOTE: MySQL/MariaDB add a foreign key with a copying ALTER (ALGORITHM=COPY): writes to posts
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE posts ADD CONSTRAINT fk_posts_author_id_users FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE posts DROP FOREIGN KEY fk_posts_author_id_users, ALGORITHM=INPLACE, LOCK=NONE;
DROP INDEX fk_posts_author_id_users ON posts;
-- NOTE: MySQL/MariaDB add a foreign key with a copying ALTER (ALGORITHM=COPY): writes to posts
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE posts ADD CONSTRAINT fk_posts_author_id_users FOREIGN KEY (author_id) REFERENCES users (id);
SET SESSION lock_wait_timeout = DEFAULT;
