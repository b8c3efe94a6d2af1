CREATE TABLE users (
    id BIGINT NOT NULL PRIMARY KEY
);
CREATE TABLE posts (
    id BIGINT NOT NULL PRIMARY KEY,
    content TEXT,
    user_id BIGINT
);
