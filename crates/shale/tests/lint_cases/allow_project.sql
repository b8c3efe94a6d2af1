-- lint-test: dialect sqlite
-- lint-test: allow drop-table
-- lint-test: expect truncate 7
-- shale:revision c1
-- shale:upgrade
DROP TABLE sessions;
TRUNCATE sessions_archive;
-- shale:downgrade
-- shale:irreversible
