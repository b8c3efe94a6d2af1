-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
-- NOTE: a declared rename: the previous release still reads items.title
-- shale:allow rename-column
ALTER TABLE items RENAME COLUMN title TO name;
ALTER TABLE items RENAME INDEX uq_items_title TO uq_items_name, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE items MODIFY COLUMN qty integer NULL DEFAULT 0, ALGORITHM=INPLACE, LOCK=NONE;
-- Backfill items.qty with its default for existing rows.
-- Batched: shale runs it again until it changes no row (10000 rows a pass).
-- shale:repeat-until-zero
UPDATE items SET qty = 0 WHERE qty IS NULL LIMIT 10000;
ALTER TABLE items MODIFY COLUMN qty integer NOT NULL DEFAULT 0;
CREATE INDEX ix_items_qty ON items (qty) ALGORITHM=INPLACE LOCK=NONE;
-- MySQL/MariaDB add a CHECK only by copying the table while writes wait, so items is
-- copied into a shadow table (_items_new) that has the CHECK, kept current by triggers, then
-- swapped in by RENAME TABLE. First, locking nothing: does any row violate it?
DROP PROCEDURE IF EXISTS _shale_check_ck_items_qty;
CREATE PROCEDURE _shale_check_ck_items_qty() BEGIN DECLARE bad INT; SELECT EXISTS (SELECT 1 FROM items WHERE NOT (qty >= 0)) INTO bad; IF bad THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'check ck_items_qty: a row of items violates it'; END IF; END;
CALL _shale_check_ck_items_qty();
DROP PROCEDURE _shale_check_ck_items_qty;
-- Whatever an earlier, killed attempt left: the triggers on items before the shadow they write to.
DROP TRIGGER IF EXISTS _shale_items_ins;
DROP TRIGGER IF EXISTS _shale_items_upd;
DROP TRIGGER IF EXISTS _shale_items_del;
-- shale:allow drop-table
-- why: the shadow of an earlier, killed attempt; the table itself is not touched
DROP TABLE IF EXISTS _items_new;
CREATE TABLE _items_new LIKE items;
ALTER TABLE _items_new ADD CONSTRAINT ck_items_qty CHECK (qty >= 0);
-- Every write to items from here on is mirrored into the shadow, in the writer's transaction.
CREATE TRIGGER _shale_items_del AFTER DELETE ON items FOR EACH ROW DELETE FROM _items_new WHERE id = OLD.id;
CREATE TRIGGER _shale_items_upd AFTER UPDATE ON items FOR EACH ROW BEGIN IF NOT (OLD.id <=> NEW.id) THEN DELETE FROM _items_new WHERE id = OLD.id; END IF; REPLACE INTO _items_new (id, name, qty, note) VALUES (NEW.id, NEW.name, NEW.qty, NEW.note); END;
CREATE TRIGGER _shale_items_ins AFTER INSERT ON items FOR EACH ROW REPLACE INTO _items_new (id, name, qty, note) VALUES (NEW.id, NEW.name, NEW.qty, NEW.note);
-- Copy items into the shadow in primary-key order, 10000 rows a transaction, each batch
-- retried on a deadlock or lock wait timeout; a row that violates the CHECK fails it.
DROP PROCEDURE IF EXISTS _shale_copy_items;
CREATE PROCEDURE _shale_copy_items() BEGIN DECLARE failed INT DEFAULT 0; DECLARE tries INT DEFAULT 0; DECLARE CONTINUE HANDLER FOR 1213, 1205 SET failed = 1; DECLARE CONTINUE HANDLER FOR NOT FOUND BEGIN END; SET @_shale_k1 = NULL; SELECT id INTO @_shale_k1 FROM items ORDER BY id LIMIT 1; WHILE @_shale_k1 IS NOT NULL DO SET @_shale_e1 = NULL; SELECT id INTO @_shale_e1 FROM items WHERE id >= @_shale_k1 ORDER BY id LIMIT 10000, 1; SET tries = 0; REPEAT SET failed = 0; START TRANSACTION; IF @_shale_e1 IS NULL THEN SELECT COUNT(*) INTO @_shale_n FROM items WHERE id >= @_shale_k1 LOCK IN SHARE MODE; IF failed = 0 THEN REPLACE INTO _items_new (id, name, qty, note) SELECT id, name, qty, note FROM items WHERE id >= @_shale_k1 LOCK IN SHARE MODE; END IF; ELSE SELECT COUNT(*) INTO @_shale_n FROM items WHERE id >= @_shale_k1 AND id < @_shale_e1 LOCK IN SHARE MODE; IF failed = 0 THEN REPLACE INTO _items_new (id, name, qty, note) SELECT id, name, qty, note FROM items WHERE id >= @_shale_k1 AND id < @_shale_e1 LOCK IN SHARE MODE; END IF; END IF; IF failed = 0 THEN COMMIT; ELSE ROLLBACK; END IF; SET tries = tries + 1; IF failed = 1 AND tries >= 10 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'copy of items into _items_new: a batch met a deadlock or lock wait timeout 10 times'; END IF; IF failed = 1 THEN DO SLEEP(0.05 * tries); END IF; UNTIL failed = 0 END REPEAT; SET @_shale_k1 = @_shale_e1; END WHILE; END;
CALL _shale_copy_items();
DROP PROCEDURE _shale_copy_items;
-- The swap, atomic: items is the shadow, with the CHECK, from here on.
-- shale:allow rename-table
-- why: items keeps its name; only the old copy is renamed aside
RENAME TABLE items TO _items_old, _items_new TO items;
-- shale:allow drop-table
-- why: the old copy of items; every row is in items now
DROP TABLE _items_old;
-- WARNING: destroys data: drops column items.note
-- shale:allow drop-column
ALTER TABLE items DROP COLUMN note, LOCK=NONE;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE items ADD COLUMN note text NULL, ALGORITHM=INSTANT;
ALTER TABLE items DROP CONSTRAINT ck_items_qty, ALGORITHM=INSTANT;
ALTER TABLE items DROP INDEX ix_items_qty, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE items MODIFY COLUMN qty integer NULL DEFAULT 0, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE items MODIFY COLUMN qty integer NULL, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE items RENAME INDEX uq_items_name TO uq_items_title, ALGORITHM=INPLACE, LOCK=NONE;
-- NOTE: a declared rename: the previous release still reads items.name
-- shale:allow rename-column
ALTER TABLE items RENAME COLUMN name TO title;
SET SESSION lock_wait_timeout = DEFAULT;
