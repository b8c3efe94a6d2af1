INSERT INTO users (id, email, username) VALUES (1, 'a@x', 'a');
