CREATE TYPE tier AS ENUM ('free', 'pro');
CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    fullname VARCHAR(100)
);
CREATE TABLE plans (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tier tier NOT NULL DEFAULT 'free'
);
CREATE UNIQUE INDEX ux_plans_pro ON plans (user_id) WHERE tier = 'pro';
