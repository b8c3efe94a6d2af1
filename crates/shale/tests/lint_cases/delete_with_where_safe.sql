-- lint-test: dialect mysql
-- shale:revision c1
-- shale:upgrade
DELETE FROM audit_log WHERE created_at < '2020-01-01';
-- shale:downgrade
-- shale:irreversible old rows are gone
