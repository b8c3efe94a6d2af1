CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(50)
);
CREATE TABLE sessions (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL
);
CREATE VIEW active AS SELECT u.name FROM users u JOIN sessions s ON s.user_id = u.id;
