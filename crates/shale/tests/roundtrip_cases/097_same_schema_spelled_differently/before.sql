CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    credits INTEGER NOT NULL DEFAULT 0,
    status VARCHAR(20) DEFAULT 'new',
    CONSTRAINT ck_users_credits CHECK (credits >= 0)
);
CREATE INDEX ix_users_status ON users (status, email);
