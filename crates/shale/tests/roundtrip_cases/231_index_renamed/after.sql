CREATE TABLE users (
    id BIGINT NOT NULL PRIMARY KEY,
    email VARCHAR(100) NOT NULL,
    username VARCHAR(50) NOT NULL
);
CREATE INDEX new_email_idx ON users (email);
