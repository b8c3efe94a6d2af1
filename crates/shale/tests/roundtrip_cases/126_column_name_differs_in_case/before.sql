CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    Email VARCHAR(80) NOT NULL,
    nickName VARCHAR(20)
);
CREATE INDEX users_email ON users (Email);
