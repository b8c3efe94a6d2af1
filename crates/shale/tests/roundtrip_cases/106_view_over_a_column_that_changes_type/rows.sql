INSERT INTO users (id, name, age) VALUES (1, 'Ada', 36), (2, 'Tim', 9);
