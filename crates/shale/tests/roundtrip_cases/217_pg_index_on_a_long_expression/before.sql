CREATE TABLE documents (
    id BIGINT NOT NULL PRIMARY KEY,
    title TEXT,
    subtitle TEXT
);
