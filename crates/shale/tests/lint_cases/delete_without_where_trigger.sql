-- lint-test: dialect sqlite
-- lint-test: expect delete-without-where 5
-- shale:revision c1
-- shale:upgrade
DELETE FROM audit_log;
-- shale:downgrade
-- shale:irreversible the rows are gone
