INSERT INTO users (id, email, code) VALUES (1, 'ada@example.com', 'A'), (2, 'grace@example.com', NULL);
INSERT INTO items (id, user_code, qty, price) VALUES (1, 'A', 2, 10), (2, NULL, 1, 0);
