-- lint-test: expect concurrent-in-transaction 5
-- shale:revision c1
-- shale:upgrade
SET lock_timeout = '5s';
DROP INDEX CONCURRENTLY IF EXISTS ix_users_legacy;
-- shale:downgrade
-- shale:irreversible the index is rebuilt by a later revision if needed
