INSERT INTO items (id, code, qty, price) VALUES (1, 'a', 2, 3), (2, 'b', 5, 1);
