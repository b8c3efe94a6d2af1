INSERT INTO items (id, a, gone, b, c, d) VALUES (1, 'x', 7, 2, 3, 4);
