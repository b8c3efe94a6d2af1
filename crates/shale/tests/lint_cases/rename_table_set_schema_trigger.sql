-- lint-test: expect rename-table 8
-- lint-test: expect rename-table 9
-- lint-test: expect rename-table 10
-- lint-test: expect missing-lock-timeout 8
-- lint-test: expect unparsed 11
-- shale:revision c1
-- shale:upgrade
ALTER TABLE users SET SCHEMA billing;
DO $$ BEGIN EXECUTE 'ALTER TABLE archive."Old Users" SET SCHEMA ' || quote_ident(current_schema()); END $$;
ALTER TABLE IF EXISTS ONLY billing.invoices SET SCHEMA "Archive";
DO $$ BEGIN EXECUTE 'ALTER TABLE t SET SCHEMA x'; DROP TABLE t; EXECUTE 'ALTER TABLE t SET SCHEMA ' || quote_ident(current_schema()); END $$;
-- shale:downgrade
ALTER TABLE "Archive".invoices SET SCHEMA billing;
ALTER TABLE "Old Users" SET SCHEMA archive;
ALTER TABLE billing.users SET SCHEMA public;
