CREATE TABLE tags (
    code VARCHAR(20) PRIMARY KEY,
    label VARCHAR(40)
);
