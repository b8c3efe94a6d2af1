CREATE TABLE users (
    id BIGINT NOT NULL,
    nickname VARCHAR(20) NOT NULL,
    name VARCHAR(40) NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (id)
);
