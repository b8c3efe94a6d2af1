-- lint-test: dialect mysql
-- lint-test: expect truncate 5
-- shale:revision c1
-- shale:upgrade
TRUNCATE TABLE audit_log;
-- shale:downgrade
-- shale:irreversible the rows are gone
