-- shale:revision c1
-- shale:upgrade
SET lock_timeout = '1s';
CREATE TABLE drafts (id bigint NOT NULL, PRIMARY KEY (id));
ALTER TABLE drafts SET SCHEMA billing;
ALTER TABLE billing.drafts RENAME TO invoices;
-- shale:downgrade
DROP TABLE billing.invoices;
