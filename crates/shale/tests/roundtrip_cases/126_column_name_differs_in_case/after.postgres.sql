CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(80) NOT NULL,
    "NickName" VARCHAR(40)
);
CREATE INDEX users_email ON users (email);
