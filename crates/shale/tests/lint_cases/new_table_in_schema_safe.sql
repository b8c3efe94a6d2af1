-- shale:revision c1
-- shale:upgrade
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, account_id bigint NOT NULL);
CREATE INDEX ix_invoices_account ON billing.invoices (account_id);
ALTER TABLE billing.invoices ADD CONSTRAINT ck_invoices_account CHECK (account_id > 0);
-- shale:downgrade
DROP TABLE billing.invoices;
DROP SCHEMA billing;
