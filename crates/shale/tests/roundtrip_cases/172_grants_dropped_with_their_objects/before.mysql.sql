CREATE TABLE accounts (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    balance INTEGER NOT NULL
);
CREATE FUNCTION total() RETURNS BIGINT DETERMINISTIC RETURN 1;
GRANT EXECUTE ON FUNCTION total TO 'shale_rt172_reader'@'%';
GRANT SELECT (id, balance), UPDATE (balance) ON accounts TO 'shale_rt172_reader'@'%';
