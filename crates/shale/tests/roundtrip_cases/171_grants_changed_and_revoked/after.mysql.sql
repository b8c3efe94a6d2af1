CREATE TABLE accounts (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    balance INTEGER NOT NULL
);
CREATE FUNCTION balance_of(account INTEGER) RETURNS INTEGER DETERMINISTIC
    RETURN (SELECT balance FROM accounts WHERE id = account);
CREATE PROCEDURE close_account(IN account INTEGER)
BEGIN
    DELETE FROM accounts WHERE id = account;
END;
GRANT SELECT ON * TO 'shale_rt171_reader'@'%' WITH GRANT OPTION;
GRANT EXECUTE ON PROCEDURE close_account TO 'shale_rt171_writer'@'%';
GRANT SELECT (id), UPDATE (email) ON accounts TO 'shale_rt171_reader'@'%';
GRANT INSERT, SELECT ON accounts TO 'shale_rt171_writer'@'%';
