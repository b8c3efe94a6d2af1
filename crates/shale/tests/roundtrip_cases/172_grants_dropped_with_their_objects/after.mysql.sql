CREATE TABLE accounts (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(255) NOT NULL
);
GRANT SELECT (id) ON accounts TO 'shale_rt172_reader'@'%';
