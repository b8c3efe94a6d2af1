-- Constraints renamed, their definitions kept: the names the models give are the
-- schema's (a unique constraint, a check, a foreign key).
CREATE TABLE accounts (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(100) NOT NULL,
    CONSTRAINT uq_accounts_email UNIQUE (email)
);
CREATE TABLE payments (
    id INTEGER NOT NULL PRIMARY KEY,
    account_id INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    CONSTRAINT ck_payments_amount CHECK (amount > 0),
    CONSTRAINT fk_payments_account FOREIGN KEY (account_id) REFERENCES accounts (id)
);
