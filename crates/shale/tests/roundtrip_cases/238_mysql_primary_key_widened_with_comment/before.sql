CREATE TABLE friends (
    user_id BIGINT NOT NULL PRIMARY KEY,
    friend_id BIGINT NOT NULL,
    created_at DATETIME NOT NULL
);
