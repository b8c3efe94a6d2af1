CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(100),
    age BIGINT
);
CREATE VIEW adults AS SELECT id, name FROM users WHERE age >= 18;
CREATE VIEW adult_names AS SELECT name FROM adults;
