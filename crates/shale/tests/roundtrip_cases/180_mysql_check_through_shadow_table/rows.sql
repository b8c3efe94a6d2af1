INSERT INTO items (id, qty, note) VALUES (1, 1, 'a'), (2, 5, NULL), (3, 7, 'c'), (4, 2, 'd');
