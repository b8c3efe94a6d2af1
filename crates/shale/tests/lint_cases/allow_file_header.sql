-- lint-test: dialect sqlite
-- lint-test: expect delete-without-where 8
-- shale:revision c1
-- shale:allow drop-table, drop-column
-- shale:upgrade
DROP TABLE sessions;
ALTER TABLE users DROP COLUMN nickname;
DELETE FROM audit_log;
-- shale:downgrade
-- shale:irreversible
