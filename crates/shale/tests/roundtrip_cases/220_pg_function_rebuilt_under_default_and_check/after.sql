-- Functions that a column default and a check call, changed in a way CREATE OR REPLACE
-- cannot make (a new result type, a renamed parameter): each is dropped and created
-- again, so the default and the check are dropped before and set again after.
CREATE FUNCTION next_code(a integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT (a + 1)::bigint';
CREATE FUNCTION valid_code(x integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT x > 0';
CREATE TABLE codes (
    id INTEGER NOT NULL PRIMARY KEY,
    code INTEGER DEFAULT next_code(1),
    CONSTRAINT code_ok CHECK (valid_code(code))
);
