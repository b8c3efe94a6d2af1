CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL
) COMMENT = 'People who can sign in';
