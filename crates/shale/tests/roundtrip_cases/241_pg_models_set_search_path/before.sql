CREATE SCHEMA billing;
CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, account_id bigint NOT NULL);
