CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    full_name VARCHAR(100)
);
CREATE INDEX ix_users_fullname ON users (full_name);
CREATE TABLE products (
    id INTEGER NOT NULL PRIMARY KEY,
    owner_id INTEGER,
    title VARCHAR(200) NOT NULL,
    CONSTRAINT fk_items_user FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
);
