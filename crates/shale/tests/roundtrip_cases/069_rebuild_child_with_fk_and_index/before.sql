CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    fullname VARCHAR(100)
);
CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id INTEGER,
    title VARCHAR(200) NOT NULL,
    CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_items_title ON items (title);
