INSERT INTO users (id, email, name) VALUES (1, 'a@b', 'A');
