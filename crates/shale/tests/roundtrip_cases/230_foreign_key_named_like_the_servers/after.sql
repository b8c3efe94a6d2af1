CREATE TABLE users (
    id BIGINT NOT NULL PRIMARY KEY
);
CREATE TABLE posts (
    id BIGINT NOT NULL PRIMARY KEY,
    content TEXT,
    user_id BIGINT,
    CONSTRAINT posts_ibfk_1 FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
);
