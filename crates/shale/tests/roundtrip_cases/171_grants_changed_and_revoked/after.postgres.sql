CREATE TABLE accounts (
    id integer NOT NULL PRIMARY KEY,
    email text NOT NULL,
    balance integer NOT NULL
);
CREATE FUNCTION balance_of(account integer) RETURNS integer LANGUAGE sql
    AS 'SELECT balance FROM accounts WHERE id = account';
CREATE PROCEDURE close_account(account integer) LANGUAGE sql
    AS 'DELETE FROM accounts WHERE id = account';
GRANT USAGE ON SCHEMA public TO shale_rt171_reader WITH GRANT OPTION;
GRANT USAGE ON SCHEMA public TO shale_rt171_writer;
GRANT EXECUTE ON FUNCTION balance_of(integer) TO shale_rt171_reader;
GRANT EXECUTE ON PROCEDURE close_account(integer) TO shale_rt171_writer;
REVOKE EXECUTE ON PROCEDURE close_account(integer) FROM PUBLIC;
GRANT SELECT (id), UPDATE (email) ON accounts TO shale_rt171_reader;
GRANT INSERT, SELECT ON accounts TO shale_rt171_writer;
