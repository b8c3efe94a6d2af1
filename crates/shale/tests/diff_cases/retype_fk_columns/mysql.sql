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
-- NOTE: MySQL/MariaDB add a foreign key with a copying ALTER (ALGORITHM=COPY): writes to items
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE items ADD CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
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
-- NOTE: MySQL/MariaDB add a foreign key with a copying ALTER (ALGORITHM=COPY): writes to items
-- wait until it is done; on a large table, schedule it or use gh-ost/pt-online-schema-change.
ALTER TABLE items ADD CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
SET SESSION lock_wait_timeout = DEFAULT;
