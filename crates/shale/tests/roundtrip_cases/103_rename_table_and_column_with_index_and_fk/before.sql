CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    fullname VARCHAR(100)
);
CREATE INDEX ix_users_fullname ON users (fullname);
CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id INTEGER,
    title VARCHAR(200) NOT NULL,
    CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
