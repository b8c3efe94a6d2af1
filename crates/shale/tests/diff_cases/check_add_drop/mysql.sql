-- shale:upgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE products DROP CONSTRAINT ck_products_stock, ALGORITHM=INSTANT;
-- MySQL/MariaDB add a CHECK only by copying the table while writes wait, so products is
-- copied into a shadow table (_products_new) that has the CHECK, kept current by triggers, then
-- swapped in by RENAME TABLE. First, locking nothing: does any row violate it?
DROP PROCEDURE IF EXISTS _shale_check_ck_products_price;
CREATE PROCEDURE _shale_check_ck_products_price() BEGIN DECLARE bad INT; SELECT EXISTS (SELECT 1 FROM products WHERE NOT (price > 0)) INTO bad; IF bad THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'check ck_products_price: a row of products violates it'; END IF; END;
CALL _shale_check_ck_products_price();
DROP PROCEDURE _shale_check_ck_products_price;
-- Whatever an earlier, killed attempt left: the triggers on products before the shadow they write to.
DROP TRIGGER IF EXISTS _shale_products_ins;
DROP TRIGGER IF EXISTS _shale_products_upd;
DROP TRIGGER IF EXISTS _shale_products_del;
-- shale:allow drop-table
-- why: the shadow of an earlier, killed attempt; the table itself is not touched
DROP TABLE IF EXISTS _products_new;
CREATE TABLE _products_new LIKE products;
ALTER TABLE _products_new ADD CONSTRAINT ck_products_price CHECK (price > 0);
-- Every write to products from here on is mirrored into the shadow, in the writer's transaction.
CREATE TRIGGER _shale_products_del AFTER DELETE ON products FOR EACH ROW DELETE FROM _products_new WHERE id = OLD.id;
CREATE TRIGGER _shale_products_upd AFTER UPDATE ON products FOR EACH ROW BEGIN IF NOT (OLD.id <=> NEW.id) THEN DELETE FROM _products_new WHERE id = OLD.id; END IF; REPLACE INTO _products_new (id, price, stock) VALUES (NEW.id, NEW.price, NEW.stock); END;
CREATE TRIGGER _shale_products_ins AFTER INSERT ON products FOR EACH ROW REPLACE INTO _products_new (id, price, stock) VALUES (NEW.id, NEW.price, NEW.stock);
-- Copy products into the shadow in primary-key order, 10000 rows a transaction, each batch
-- retried on a deadlock or lock wait timeout; a row that violates the CHECK fails it.
DROP PROCEDURE IF EXISTS _shale_copy_products;
CREATE PROCEDURE _shale_copy_products() BEGIN DECLARE failed INT DEFAULT 0; DECLARE tries INT DEFAULT 0; DECLARE CONTINUE HANDLER FOR 1213, 1205 SET failed = 1; DECLARE CONTINUE HANDLER FOR NOT FOUND BEGIN END; SET @_shale_k1 = NULL; SELECT id INTO @_shale_k1 FROM products ORDER BY id LIMIT 1; WHILE @_shale_k1 IS NOT NULL DO SET @_shale_e1 = NULL; SELECT id INTO @_shale_e1 FROM products WHERE id >= @_shale_k1 ORDER BY id LIMIT 10000, 1; SET tries = 0; REPEAT SET failed = 0; START TRANSACTION; IF @_shale_e1 IS NULL THEN SELECT COUNT(*) INTO @_shale_n FROM products WHERE id >= @_shale_k1 LOCK IN SHARE MODE; IF failed = 0 THEN REPLACE INTO _products_new (id, price, stock) SELECT id, price, stock FROM products WHERE id >= @_shale_k1 LOCK IN SHARE MODE; END IF; ELSE SELECT COUNT(*) INTO @_shale_n FROM products WHERE id >= @_shale_k1 AND id < @_shale_e1 LOCK IN SHARE MODE; IF failed = 0 THEN REPLACE INTO _products_new (id, price, stock) SELECT id, price, stock FROM products WHERE id >= @_shale_k1 AND id < @_shale_e1 LOCK IN SHARE MODE; END IF; END IF; IF failed = 0 THEN COMMIT; ELSE ROLLBACK; END IF; SET tries = tries + 1; IF failed = 1 AND tries >= 10 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'copy of products into _products_new: a batch met a deadlock or lock wait timeout 10 times'; END IF; IF failed = 1 THEN DO SLEEP(0.05 * tries); END IF; UNTIL failed = 0 END REPEAT; SET @_shale_k1 = @_shale_e1; END WHILE; END;
CALL _shale_copy_products();
DROP PROCEDURE _shale_copy_products;
-- The swap, atomic: products is the shadow, with the CHECK, from here on.
-- shale:allow rename-table
-- why: products keeps its name; only the old copy is renamed aside
RENAME TABLE products TO _products_old, _products_new TO products;
-- shale:allow drop-table
-- why: the old copy of products; every row is in products now
DROP TABLE _products_old;
SET SESSION lock_wait_timeout = DEFAULT;

-- shale:downgrade
-- Fail fast (then resume) rather than queue every query on the table behind a lock wait.
SET SESSION lock_wait_timeout = 1;
ALTER TABLE products DROP CONSTRAINT ck_products_price, ALGORITHM=INSTANT;
-- MySQL/MariaDB add a CHECK only by copying the table while writes wait, so products is
-- copied into a shadow table (_products_new) that has the CHECK, kept current by triggers, then
-- swapped in by RENAME TABLE. First, locking nothing: does any row violate it?
DROP PROCEDURE IF EXISTS _shale_check_ck_products_stock;
CREATE PROCEDURE _shale_check_ck_products_stock() BEGIN DECLARE bad INT; SELECT EXISTS (SELECT 1 FROM products WHERE NOT (stock >= 0)) INTO bad; IF bad THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'check ck_products_stock: a row of products violates it'; END IF; END;
CALL _shale_check_ck_products_stock();
DROP PROCEDURE _shale_check_ck_products_stock;
-- Whatever an earlier, killed attempt left: the triggers on products before the shadow they write to.
DROP TRIGGER IF EXISTS _shale_products_ins;
DROP TRIGGER IF EXISTS _shale_products_upd;
DROP TRIGGER IF EXISTS _shale_products_del;
-- shale:allow drop-table
-- why: the shadow of an earlier, killed attempt; the table itself is not touched
DROP TABLE IF EXISTS _products_new;
CREATE TABLE _products_new LIKE products;
ALTER TABLE _products_new ADD CONSTRAINT ck_products_stock CHECK (stock >= 0);
-- Every write to products from here on is mirrored into the shadow, in the writer's transaction.
CREATE TRIGGER _shale_products_del AFTER DELETE ON products FOR EACH ROW DELETE FROM _products_new WHERE id = OLD.id;
CREATE TRIGGER _shale_products_upd AFTER UPDATE ON products FOR EACH ROW BEGIN IF NOT (OLD.id <=> NEW.id) THEN DELETE FROM _products_new WHERE id = OLD.id; END IF; REPLACE INTO _products_new (id, price, stock) VALUES (NEW.id, NEW.price, NEW.stock); END;
CREATE TRIGGER _shale_products_ins AFTER INSERT ON products FOR EACH ROW REPLACE INTO _products_new (id, price, stock) VALUES (NEW.id, NEW.price, NEW.stock);
-- Copy products into the shadow in primary-key order, 10000 rows a transaction, each batch
-- retried on a deadlock or lock wait timeout; a row that violates the CHECK fails it.
DROP PROCEDURE IF EXISTS _shale_copy_products;
CREATE PROCEDURE _shale_copy_products() BEGIN DECLARE failed INT DEFAULT 0; DECLARE tries INT DEFAULT 0; DECLARE CONTINUE HANDLER FOR 1213, 1205 SET failed = 1; DECLARE CONTINUE HANDLER FOR NOT FOUND BEGIN END; SET @_shale_k1 = NULL; SELECT id INTO @_shale_k1 FROM products ORDER BY id LIMIT 1; WHILE @_shale_k1 IS NOT NULL DO SET @_shale_e1 = NULL; SELECT id INTO @_shale_e1 FROM products WHERE id >= @_shale_k1 ORDER BY id LIMIT 10000, 1; SET tries = 0; REPEAT SET failed = 0; START TRANSACTION; IF @_shale_e1 IS NULL THEN SELECT COUNT(*) INTO @_shale_n FROM products WHERE id >= @_shale_k1 LOCK IN SHARE MODE; IF failed = 0 THEN REPLACE INTO _products_new (id, price, stock) SELECT id, price, stock FROM products WHERE id >= @_shale_k1 LOCK IN SHARE MODE; END IF; ELSE SELECT COUNT(*) INTO @_shale_n FROM products WHERE id >= @_shale_k1 AND id < @_shale_e1 LOCK IN SHARE MODE; IF failed = 0 THEN REPLACE INTO _products_new (id, price, stock) SELECT id, price, stock FROM products WHERE id >= @_shale_k1 AND id < @_shale_e1 LOCK IN SHARE MODE; END IF; END IF; IF failed = 0 THEN COMMIT; ELSE ROLLBACK; END IF; SET tries = tries + 1; IF failed = 1 AND tries >= 10 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'copy of products into _products_new: a batch met a deadlock or lock wait timeout 10 times'; END IF; IF failed = 1 THEN DO SLEEP(0.05 * tries); END IF; UNTIL failed = 0 END REPEAT; SET @_shale_k1 = @_shale_e1; END WHILE; END;
CALL _shale_copy_products();
DROP PROCEDURE _shale_copy_products;
-- The swap, atomic: products is the shadow, with the CHECK, from here on.
-- shale:allow rename-table
-- why: products keeps its name; only the old copy is renamed aside
RENAME TABLE products TO _products_old, _products_new TO products;
-- shale:allow drop-table
-- why: the old copy of products; every row is in products now
DROP TABLE _products_old;
SET SESSION lock_wait_timeout = DEFAULT;
