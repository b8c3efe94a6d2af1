CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    fullname VARCHAR(100),
    age INTEGER,
    CONSTRAINT ck_users_age CHECK (age IS NULL OR age >= 0)
);
