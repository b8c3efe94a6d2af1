CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    fullname VARCHAR(100),
    status VARCHAR(30) NOT NULL DEFAULT 'active',
    display_name VARCHAR(80),
    CONSTRAINT uq_users_email UNIQUE (email)
);
CREATE INDEX ix_users_display ON users (display_name);
