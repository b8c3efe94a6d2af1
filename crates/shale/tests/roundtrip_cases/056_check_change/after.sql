CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    fullname VARCHAR(100),
    credits INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT ck_users_credits CHECK (credits >= 0 AND credits < 1000000)
);
