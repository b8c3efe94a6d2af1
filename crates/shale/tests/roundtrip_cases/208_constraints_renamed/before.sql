CREATE TABLE accounts (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(100) NOT NULL,
    CONSTRAINT accounts_email_uq UNIQUE (email)
);
CREATE TABLE payments (
    id INTEGER NOT NULL PRIMARY KEY,
    account_id INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    CONSTRAINT payments_amount_positive CHECK (amount > 0),
    CONSTRAINT payments_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id)
);
