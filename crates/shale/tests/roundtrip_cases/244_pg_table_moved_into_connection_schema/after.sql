-- A table moved from billing into the connection's schema under a new name (its serial
-- sequence goes along), and a
-- foreign key added to it from the schema it left.
CREATE SCHEMA billing;
-- shale:renamed-from billing.accounts
CREATE TABLE customers (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE);
COMMENT ON TABLE customers IS 'who pays';
CREATE TABLE billing.invoices (
    id bigint PRIMARY KEY,
    total bigint NOT NULL,
    customer_id bigint REFERENCES customers (id)
);
