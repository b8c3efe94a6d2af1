CREATE EXTENSION IF NOT EXISTS citext;
CREATE SEQUENCE invoice_numbers AS bigint START WITH 1000 INCREMENT BY 10;
CREATE DOMAIN positive_amount AS NUMERIC(12, 2) CHECK (VALUE >= 0);
CREATE TABLE accounts (
    id INTEGER NOT NULL PRIMARY KEY,
    owner TEXT NOT NULL,
    balance positive_amount NOT NULL DEFAULT 0,
    email CITEXT
);
CREATE TABLE bookings (
    id INTEGER NOT NULL PRIMARY KEY,
    room INTEGER NOT NULL,
    during TSRANGE NOT NULL,
    CONSTRAINT no_double_booking EXCLUDE USING gist (during WITH &&)
);
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner_only ON accounts FOR SELECT TO PUBLIC USING (owner = current_user);
CREATE MATERIALIZED VIEW balances AS SELECT owner, sum(balance) AS total FROM accounts GROUP BY owner;
CREATE UNIQUE INDEX balances_owner ON balances (owner);
CREATE PROCEDURE credit(account integer, amount numeric) LANGUAGE sql
    AS 'UPDATE accounts SET balance = balance + amount WHERE id = account';
