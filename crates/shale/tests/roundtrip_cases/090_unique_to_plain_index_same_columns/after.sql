CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    fullname VARCHAR(100)
);
CREATE INDEX ix_users_email ON users (email);
