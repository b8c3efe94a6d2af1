INSERT INTO users (id, email, login, city, age) VALUES (1, 'a@x', 'a', 'Oslo', 30), (2, 'b@x', 'b', NULL, NULL);
