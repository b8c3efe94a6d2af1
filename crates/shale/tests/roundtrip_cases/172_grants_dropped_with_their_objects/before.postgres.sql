CREATE TABLE accounts (
    id integer NOT NULL PRIMARY KEY,
    email text NOT NULL,
    balance integer NOT NULL
);
CREATE FUNCTION total() RETURNS bigint LANGUAGE sql AS 'SELECT 1::bigint';
REVOKE EXECUTE ON FUNCTION total() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION total() TO shale_rt172_reader;
GRANT SELECT (id, balance), UPDATE (balance) ON accounts TO shale_rt172_reader;
