CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    fullname VARCHAR(100),
    nickname VARCHAR(30)
);
CREATE INDEX ix_users_nickname ON users (nickname);
CREATE INDEX ix_users_email ON users (email);
