CREATE TABLE users (
    id BIGINT NOT NULL,
    email VARCHAR(100) NOT NULL,
    login VARCHAR(40) NOT NULL,
    city VARCHAR(40) NULL,
    age INTEGER NULL,
    PRIMARY KEY (id) COMMENT 'the key',
    UNIQUE KEY uq_email (email) COMMENT 'one per person',
    UNIQUE KEY uq_login (login),
    KEY ix_city (city) COMMENT 'for search',
    KEY ix_age (age DESC) COMMENT 'unchanged'
);
