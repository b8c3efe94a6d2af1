-- shale:upgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- NOTE: a declared rename: the previous release still reads users
-- shale:allow rename-table
ALTER TABLE users SET SCHEMA billing;
-- shale:allow rename-table
ALTER TABLE billing.users RENAME TO members;
-- NOTE: a declared rename: the previous release still reads billing.accounts
-- shale:allow rename-table
DO $$ BEGIN EXECUTE 'ALTER TABLE billing.accounts SET SCHEMA ' || quote_ident(current_schema()); END $$;
-- shale:allow rename-table
ALTER TABLE accounts RENAME TO customers;
-- NOTE: a declared rename: the previous release still reads a.items
-- shale:allow rename-table
ALTER TABLE a.items SET SCHEMA b;

-- shale:downgrade
-- Fail fast (then run again) rather than queue every query on the table behind a lock wait.
SET LOCAL lock_timeout = '500ms';
-- NOTE: a declared rename: the previous release still reads b.items
-- shale:allow rename-table
ALTER TABLE b.items SET SCHEMA a;
-- NOTE: a declared rename: the previous release still reads customers
-- shale:allow rename-table
ALTER TABLE customers SET SCHEMA billing;
-- shale:allow rename-table
ALTER TABLE billing.customers RENAME TO accounts;
-- NOTE: a declared rename: the previous release still reads billing.members
-- shale:allow rename-table
DO $$ BEGIN EXECUTE 'ALTER TABLE billing.members SET SCHEMA ' || quote_ident(current_schema()); END $$;
-- shale:allow rename-table
ALTER TABLE members RENAME TO users;
