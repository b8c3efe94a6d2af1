-- One row per checkout.
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'new',
    placed_at TIMESTAMP NULL,
    FOREIGN KEY (user_id) REFERENCES users (id)
);
