INSERT INTO users (id) VALUES (1); INSERT INTO orders (id, user_id, qty) VALUES (1, 1, 2);
