CREATE TABLE accounts (
    id integer NOT NULL PRIMARY KEY,
    email text NOT NULL,
    balance integer NOT NULL
);
CREATE FUNCTION balance_of(account integer) RETURNS integer LANGUAGE sql
    AS 'SELECT balance FROM accounts WHERE id = account';
CREATE PROCEDURE close_account(account integer) LANGUAGE sql
    AS 'DELETE FROM accounts WHERE id = account';
GRANT USAGE ON SCHEMA public TO shale_rt170_reader;
GRANT USAGE, CREATE ON SCHEMA public TO shale_rt170_writer WITH GRANT OPTION;
REVOKE EXECUTE ON FUNCTION balance_of(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION balance_of(integer) TO shale_rt170_reader;
GRANT EXECUTE ON PROCEDURE close_account(integer) TO shale_rt170_writer WITH GRANT OPTION;
GRANT SELECT (id, email), UPDATE (email) ON accounts TO shale_rt170_reader;
GRANT INSERT ON accounts TO shale_rt170_writer WITH GRANT OPTION;
GRANT SELECT (balance) ON accounts TO shale_rt170_writer;
