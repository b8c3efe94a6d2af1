CREATE TABLE accounts (
    id integer NOT NULL PRIMARY KEY,
    email text NOT NULL
);
GRANT SELECT (id) ON accounts TO shale_rt172_reader;
