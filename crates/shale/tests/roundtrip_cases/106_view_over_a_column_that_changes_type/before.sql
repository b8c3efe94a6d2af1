CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(50),
    age INTEGER
);
CREATE VIEW adults AS SELECT id, name FROM users WHERE age >= 18;
