-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE posts DROP FOREIGN KEY fk_posts_author_id_users, ALGORITHM=INPLACE, LOCK=NONE;
DROP INDEX fk_posts_author_id_users ON posts;
-- InnoDB adds a foreign key in place (writes go on) only with foreign_key_checks off,
-- checking no existing row: the procedure after it fails the revision if a row has no parent.
SET SESSION foreign_key_checks = 0;
ALTER TABLE posts ADD CONSTRAINT fk_posts_author_id_users FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL, ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION foreign_key_checks = DEFAULT;
DROP PROCEDURE IF EXISTS _shale_check_fk_posts_author_id_users;
CREATE PROCEDURE _shale_check_fk_posts_author_id_users() BEGIN DECLARE orphans INT; SELECT EXISTS (SELECT 1 FROM posts c WHERE c.author_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users p WHERE p.id = c.author_id)) INTO orphans; IF orphans THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'foreign key fk_posts_author_id_users: a row of posts has no parent in users'; END IF; END;
CALL _shale_check_fk_posts_author_id_users();
DROP PROCEDURE _shale_check_fk_posts_author_id_users;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE posts DROP FOREIGN KEY fk_posts_author_id_users, ALGORITHM=INPLACE, LOCK=NONE;
DROP INDEX fk_posts_author_id_users ON posts;
-- InnoDB adds a foreign key in place (writes go on) only with foreign_key_checks off,
-- checking no existing row: the procedure after it fails the revision if a row has no parent.
SET SESSION foreign_key_checks = 0;
ALTER TABLE posts ADD CONSTRAINT fk_posts_author_id_users FOREIGN KEY (author_id) REFERENCES users (id), ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION foreign_key_checks = DEFAULT;
DROP PROCEDURE IF EXISTS _shale_check_fk_posts_author_id_users;
CREATE PROCEDURE _shale_check_fk_posts_author_id_users() BEGIN DECLARE orphans INT; SELECT EXISTS (SELECT 1 FROM posts c WHERE c.author_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users p WHERE p.id = c.author_id)) INTO orphans; IF orphans THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'foreign key fk_posts_author_id_users: a row of posts has no parent in users'; END IF; END;
CALL _shale_check_fk_posts_author_id_users();
DROP PROCEDURE _shale_check_fk_posts_author_id_users;
SET SESSION lock_wait_timeout = DEFAULT;
