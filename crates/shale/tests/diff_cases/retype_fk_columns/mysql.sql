-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE items DROP FOREIGN KEY fk_items_user, ALGORITHM=INPLACE, LOCK=NONE;
DROP INDEX fk_items_user ON items;
-- NOTE: MySQL/MariaDB change most column types with a copying ALTER (ALGORITHM=COPY): writes to items
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE items MODIFY COLUMN user_id bigint NULL;
-- NOTE: MySQL/MariaDB change most column types with a copying ALTER (ALGORITHM=COPY): writes to users
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE users MODIFY COLUMN id bigint NOT NULL;
-- InnoDB adds a foreign key in place (writes go on) only with foreign_key_checks off,
-- checking no existing row: the procedure after it fails the revision if a row has no parent.
SET SESSION foreign_key_checks = 0;
ALTER TABLE items ADD CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE, ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION foreign_key_checks = DEFAULT;
DROP PROCEDURE IF EXISTS _shale_check_fk_items_user;
CREATE PROCEDURE _shale_check_fk_items_user() BEGIN DECLARE orphans INT; SELECT EXISTS (SELECT 1 FROM items c WHERE c.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users p WHERE p.id = c.user_id)) INTO orphans; IF orphans THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'foreign key fk_items_user: a row of items has no parent in users'; END IF; END;
CALL _shale_check_fk_items_user();
DROP PROCEDURE _shale_check_fk_items_user;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE items DROP FOREIGN KEY fk_items_user, ALGORITHM=INPLACE, LOCK=NONE;
DROP INDEX fk_items_user ON items;
-- WARNING: may destroy data: changes the type of users.id from bigint to integer; values may be truncated or fail to convert
-- NOTE: MySQL/MariaDB change most column types with a copying ALTER (ALGORITHM=COPY): writes to users
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
-- shale:allow narrowing-type
ALTER TABLE users MODIFY COLUMN id integer NOT NULL;
-- WARNING: may destroy data: changes the type of items.user_id from bigint to integer; values may be truncated or fail to convert
-- NOTE: MySQL/MariaDB change most column types with a copying ALTER (ALGORITHM=COPY): writes to items
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
-- shale:allow narrowing-type
ALTER TABLE items MODIFY COLUMN user_id integer NULL;
-- InnoDB adds a foreign key in place (writes go on) only with foreign_key_checks off,
-- checking no existing row: the procedure after it fails the revision if a row has no parent.
SET SESSION foreign_key_checks = 0;
ALTER TABLE items ADD CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE, ALGORITHM=INPLACE, LOCK=NONE;
SET SESSION foreign_key_checks = DEFAULT;
DROP PROCEDURE IF EXISTS _shale_check_fk_items_user;
CREATE PROCEDURE _shale_check_fk_items_user() BEGIN DECLARE orphans INT; SELECT EXISTS (SELECT 1 FROM items c WHERE c.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users p WHERE p.id = c.user_id)) INTO orphans; IF orphans THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'foreign key fk_items_user: a row of items has no parent in users'; END IF; END;
CALL _shale_check_fk_items_user();
DROP PROCEDURE _shale_check_fk_items_user;
SET SESSION lock_wait_timeout = DEFAULT;
