INSERT INTO users (id) VALUES (1); INSERT INTO items (id, user_id) VALUES (1, 1);
