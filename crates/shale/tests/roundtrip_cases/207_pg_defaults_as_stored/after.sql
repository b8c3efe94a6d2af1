-- Defaults that differ only as the server stores them: digits after the point, a cast.
-- Each is a change, set as written (the server keeps 1.50, '-20'::integer, 'n'::text).
CREATE TABLE prices (
    id integer PRIMARY KEY,
    amount numeric(5,2) DEFAULT 1.50,
    rate numeric(10,4) DEFAULT 0.0,
    ratio double precision DEFAULT '-20'::integer,
    code varchar(10) DEFAULT 'A'::text,
    note text DEFAULT 'n'
);
CREATE TABLE totals (
    id integer PRIMARY KEY,
    amount numeric(5,2) DEFAULT 0.00
);
