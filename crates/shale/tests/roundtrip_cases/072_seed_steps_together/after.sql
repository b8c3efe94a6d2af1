CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    full_name VARCHAR(100),
    display_name VARCHAR(80),
    timezone VARCHAR(40) NOT NULL
);
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE TABLE items (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id INTEGER,
    title VARCHAR(200) NOT NULL,
    CONSTRAINT fk_items_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
