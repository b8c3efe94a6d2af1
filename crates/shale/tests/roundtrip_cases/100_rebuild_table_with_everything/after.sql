CREATE TABLE teams (
    id INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(40) NOT NULL
);
CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    fullname VARCHAR(200),
    team_id INTEGER,
    credits INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT uq_users_email UNIQUE (email),
    CONSTRAINT ck_users_credits CHECK (credits >= 0 AND credits <= 1000),
    CONSTRAINT fk_users_team FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE SET NULL
);
CREATE INDEX ix_users_fullname ON users (fullname);
CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id INTEGER,
    title VARCHAR(200) NOT NULL,
    CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
