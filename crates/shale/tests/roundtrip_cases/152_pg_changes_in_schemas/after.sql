-- Changes inside a second schema: a column added and one retyped under a view, an enum
-- label added, an index replaced, a key across schemas added, a table dropped.
CREATE SCHEMA billing;
CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TYPE billing.invoice_status AS ENUM ('draft', 'sent', 'paid');
CREATE TABLE billing.invoices (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    status billing.invoice_status NOT NULL DEFAULT 'draft',
    total bigint NOT NULL,
    note text,
    CONSTRAINT invoices_total_check CHECK (total >= 0)
);
CREATE INDEX invoices_account_idx ON billing.invoices (account_id);
CREATE VIEW billing.totals AS SELECT account_id, sum(total) AS total FROM billing.invoices GROUP BY account_id;
