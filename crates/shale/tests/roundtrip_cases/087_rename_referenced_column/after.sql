CREATE TABLE users (
    user_key INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    fullname VARCHAR(100)
);
CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id INTEGER,
    title VARCHAR(200) NOT NULL,
    CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (user_key) ON DELETE CASCADE
);
