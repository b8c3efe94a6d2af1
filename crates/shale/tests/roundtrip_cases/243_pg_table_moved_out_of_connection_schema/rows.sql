INSERT INTO users (id, email) OVERRIDING SYSTEM VALUE VALUES (1, 'ada@example.com'), (2, 'grace@example.com');
INSERT INTO orders (id, user_id) VALUES (10, 1), (11, 2);
