CREATE FUNCTION next_code(a integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a + 1';
CREATE FUNCTION valid_code(c integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT c > 0';
CREATE TABLE codes (
    id INTEGER NOT NULL PRIMARY KEY,
    code INTEGER DEFAULT next_code(1),
    CONSTRAINT code_ok CHECK (valid_code(code))
);
