CREATE TABLE users (
    id BIGINT NOT NULL,
    email VARCHAR(100) NOT NULL,
    login VARCHAR(40) NOT NULL,
    city VARCHAR(40) NULL,
    age INTEGER NULL,
    PRIMARY KEY (id) COMMENT 'who it is',
    UNIQUE KEY uq_email (email),
    UNIQUE KEY uq_login (login) COMMENT 'it''s unique',
    KEY ix_city (city) COMMENT 'for the city search',
    KEY ix_age (age DESC) COMMENT 'unchanged'
);
CREATE INDEX ix_login_city ON users (login, city) COMMENT 'new, with a comment';
CREATE TABLE teams (
    id BIGINT NOT NULL,
    name VARCHAR(40) NOT NULL,
    PRIMARY KEY (id) COMMENT 'team key',
    UNIQUE KEY uq_team_name (name) COMMENT 'names differ',
    KEY ix_team_name_id (name, id) COMMENT 'lookup'
);
