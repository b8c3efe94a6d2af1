-- shale:upgrade
ALTER TABLE items DROP FOREIGN KEY fk_items_user;
DROP INDEX fk_items_user ON items;
ALTER TABLE items MODIFY COLUMN user_id bigint NULL;
ALTER TABLE users MODIFY COLUMN id bigint NOT NULL;
ALTER TABLE items ADD CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;

-- shale:downgrade
ALTER TABLE items DROP FOREIGN KEY fk_items_user;
DROP INDEX fk_items_user ON items;
-- WARNING: may destroy data: changes the type of users.id from bigint to integer; values may be truncated or fail to convert
-- shale:allow narrowing-type
ALTER TABLE users MODIFY COLUMN id integer NOT NULL;
-- WARNING: may destroy data: changes the type of items.user_id from bigint to integer; values may be truncated or fail to convert
-- shale:allow narrowing-type
ALTER TABLE items MODIFY COLUMN user_id integer NULL;
ALTER TABLE items ADD CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
