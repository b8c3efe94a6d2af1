-- A second schema, its objects, and keys across the two.
CREATE SCHEMA billing;
CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TYPE Billing.Invoice_Status AS ENUM ('draft', 'sent', 'paid');
CREATE SEQUENCE billing.invoice_numbers START WITH 1000;
CREATE TABLE billing.invoices (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    status billing.invoice_status NOT NULL DEFAULT 'draft',
    total numeric(12, 2) NOT NULL CHECK (total >= 0)
);
CREATE INDEX invoices_account_idx ON billing.invoices (account_id);
CREATE TABLE billing."Lines" (
    id bigint PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES billing.invoices (id) ON DELETE CASCADE,
    amount numeric(12, 2) NOT NULL
);
CREATE TABLE notes (id bigint PRIMARY KEY, invoice_id bigint REFERENCES billing.invoices (id));
CREATE VIEW billing.open_invoices AS
    SELECT id, account_id, total FROM billing.invoices WHERE status <> 'paid';
CREATE FUNCTION billing.account_total(p_account bigint) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT COALESCE(sum(total), 0) FROM billing.invoices WHERE account_id = p_account $$;
COMMENT ON TABLE billing.invoices IS 'One per billing period';
