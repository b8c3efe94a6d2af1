-- One schema with every feature inspection reports, in MariaDB's dialect.
CREATE TABLE users (
    id INT AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    display_name VARCHAR(80),
    timezone VARCHAR(40) NOT NULL DEFAULT 'UTC',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    score DOUBLE,
    balance DECIMAL(10,2) NOT NULL DEFAULT 0,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    birthday DATE,
    avatar LONGBLOB,
    settings JSON,
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
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    user_id INT NOT NULL,
    owner_id INT,
    team_org VARCHAR(20),
    team_code VARCHAR(20),
    title VARCHAR(100) NOT NULL,
    qty INT NOT NULL DEFAULT 1 CHECK (qty > 0),
    CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_items_owner FOREIGN KEY (owner_id) REFERENCES users (id)
        ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT fk_items_team FOREIGN KEY (team_org, team_code) REFERENCES teams (org, code)
);

CREATE INDEX ix_items_title ON items (title);
CREATE UNIQUE INDEX ix_items_user_title ON items (user_id, title);

CREATE TABLE shale_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
