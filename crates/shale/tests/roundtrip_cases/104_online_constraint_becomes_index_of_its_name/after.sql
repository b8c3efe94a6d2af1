CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL
);
CREATE UNIQUE INDEX uq_users_email ON users (email, id);
