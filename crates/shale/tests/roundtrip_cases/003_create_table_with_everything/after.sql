CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(120) NOT NULL,
    fullname VARCHAR(100)
);
CREATE TABLE orders (
    id INTEGER NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL,
    code VARCHAR(20) NOT NULL,
    total INTEGER NOT NULL DEFAULT 0,
    note VARCHAR(200),
    CONSTRAINT uq_orders_code UNIQUE (code),
    CONSTRAINT ck_orders_total CHECK (total >= 0),
    CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_orders_user_note ON orders (user_id, note);
