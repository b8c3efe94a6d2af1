-- A model file's SET search_path: the unqualified names after it are billing's, as psql
-- makes them, until the path is set again.
CREATE SCHEMA billing;
CREATE TABLE accounts (id bigint PRIMARY KEY, email text);
SET search_path TO billing, public;
CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    total integer NOT NULL DEFAULT 0
);
CREATE INDEX invoices_account ON invoices (account_id);
CREATE TABLE lines (id bigint PRIMARY KEY, invoice_id bigint REFERENCES invoices (id));
SET search_path = public;
CREATE TABLE notes (id bigint PRIMARY KEY, body text);
