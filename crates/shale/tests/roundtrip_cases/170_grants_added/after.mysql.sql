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
GRANT SELECT, SHOW VIEW ON * TO 'shale_rt170_reader'@'%';
GRANT CREATE ON * TO 'shale_rt170_writer'@'%' WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION balance_of TO 'shale_rt170_reader'@'%';
GRANT EXECUTE, ALTER ROUTINE ON PROCEDURE close_account TO 'shale_rt170_writer'@'%' WITH GRANT OPTION;
GRANT SELECT (id, email), UPDATE (email) ON accounts TO 'shale_rt170_reader'@'%';
GRANT INSERT, SELECT (balance) ON accounts TO 'shale_rt170_writer'@'%';
