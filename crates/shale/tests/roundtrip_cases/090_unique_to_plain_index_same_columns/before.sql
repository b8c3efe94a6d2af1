CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    fullname VARCHAR(100),
    CONSTRAINT uq_users_email UNIQUE (email)
);
