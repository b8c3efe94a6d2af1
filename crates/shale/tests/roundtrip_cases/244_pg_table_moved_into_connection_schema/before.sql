CREATE SCHEMA billing;
CREATE TABLE billing.accounts (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE);
COMMENT ON TABLE billing.accounts IS 'who pays';
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, total bigint NOT NULL);
