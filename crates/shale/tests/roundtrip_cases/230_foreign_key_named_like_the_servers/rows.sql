INSERT INTO users (id) VALUES (1); INSERT INTO posts (id, content, user_id) VALUES (1, 'a', 1);
