INSERT INTO users (id, age) VALUES (1, 30);
