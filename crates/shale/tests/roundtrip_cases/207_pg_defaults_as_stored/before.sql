CREATE TABLE prices (
    id integer PRIMARY KEY,
    amount numeric(5,2) DEFAULT 1.5,
    rate numeric(10,4) DEFAULT 0,
    ratio double precision DEFAULT -20,
    code varchar(10) DEFAULT 'A',
    note text DEFAULT 'n'::varchar
);
