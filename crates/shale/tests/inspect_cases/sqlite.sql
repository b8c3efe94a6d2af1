-- One schema with every feature inspection reports, in SQLite's dialect.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email VARCHAR(255) NOT NULL,
    display_name VARCHAR(80),
    timezone VARCHAR(40) NOT NULL DEFAULT 'UTC',
    active BOOLEAN NOT NULL DEFAULT 1,
    score REAL,
    balance NUMERIC(10,2) NOT NULL DEFAULT 0,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    birthday DATE,
    avatar BLOB,
    settings TEXT,
    CONSTRAINT uq_users_email UNIQUE (email),
    CONSTRAINT ck_users_balance CHECK (balance >= 0)
);

CREATE TABLE teams (
    org VARCHAR(20) NOT NULL,
    code VARCHAR(20) NOT NULL,
    name TEXT,
    CONSTRAINT pk_teams PRIMARY KEY (org, code)
);

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    owner_id INTEGER,
    team_org VARCHAR(20),
    team_code VARCHAR(20),
    title VARCHAR(100) NOT NULL,
    qty INTEGER NOT NULL DEFAULT 1 CHECK (qty > 0),
    CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_items_owner FOREIGN KEY (owner_id) REFERENCES users (id)
        ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT fk_items_team FOREIGN KEY (team_org, team_code) REFERENCES teams (org, code)
);

CREATE INDEX ix_items_title ON items (title);
CREATE UNIQUE INDEX ix_items_user_title ON items (user_id, title);
CREATE INDEX ix_items_lower_title ON items (lower(title)) WHERE qty > 0;

CREATE TABLE shale_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
