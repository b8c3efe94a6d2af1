-- lint-test: expect index-not-concurrent 5
-- shale:revision c1
-- shale:upgrade
SET lock_timeout = '5s';
CREATE INDEX ix_invoices_account ON billing.invoices (account_id);
-- shale:downgrade
DROP INDEX billing.ix_invoices_account;
