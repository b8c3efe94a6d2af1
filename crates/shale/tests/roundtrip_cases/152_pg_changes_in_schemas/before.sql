CREATE SCHEMA billing;
CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TYPE billing.invoice_status AS ENUM ('draft', 'paid');
CREATE TABLE billing.invoices (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL,
    status billing.invoice_status NOT NULL DEFAULT 'draft',
    total integer NOT NULL
);
CREATE TABLE billing.old_things (id bigint PRIMARY KEY);
CREATE INDEX invoices_status_idx ON billing.invoices (status);
CREATE VIEW billing.totals AS SELECT account_id, sum(total) AS total FROM billing.invoices GROUP BY account_id;
