CREATE TABLE accounts (
    id integer NOT NULL PRIMARY KEY,
    email text NOT NULL,
    balance integer NOT NULL
);
CREATE FUNCTION balance_of(account integer) RETURNS integer LANGUAGE sql
    AS 'SELECT balance FROM accounts WHERE id = account';
CREATE PROCEDURE close_account(account integer) LANGUAGE sql
    AS 'DELETE FROM accounts WHERE id = account';
