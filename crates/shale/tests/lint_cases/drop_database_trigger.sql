-- lint-test: expect drop-database 5
-- shale:revision c1
-- shale:upgrade
-- the old reports schema
DROP SCHEMA reports CASCADE;
-- shale:downgrade
-- shale:irreversible the schema is gone
