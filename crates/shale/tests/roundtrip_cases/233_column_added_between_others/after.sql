CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    nickname VARCHAR(40),
    age INTEGER
);
