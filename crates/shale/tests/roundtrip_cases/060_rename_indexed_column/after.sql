CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    full_name VARCHAR(100)
);
CREATE INDEX ix_users_fullname ON users (full_name);
