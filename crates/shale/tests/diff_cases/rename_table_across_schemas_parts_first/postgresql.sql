-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
ALTER TABLE sales.items RENAME CONSTRAINT items_pkey TO old_items_pkey;
ALTER INDEX sales.items_label_idx RENAME TO old_items_label_idx;
-- NOTE: a declared rename: the previous release still reads sales.items
-- shale:allow rename-table
ALTER TABLE sales.items RENAME TO old_items;
-- shale:allow rename-table
ALTER TABLE sales.old_items SET SCHEMA archive;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- NOTE: a declared rename: the previous release still reads archive.old_items
-- shale:allow rename-table
ALTER TABLE archive.old_items SET SCHEMA sales;
-- shale:allow rename-table
ALTER TABLE sales.old_items RENAME TO items;
ALTER INDEX sales.old_items_label_idx RENAME TO items_label_idx;
ALTER TABLE sales.items RENAME CONSTRAINT old_items_pkey TO items_pkey;
