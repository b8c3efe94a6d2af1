INSERT INTO orders (id, total, note) VALUES (1, 5, 'first');
