INSERT INTO orders (id, total) VALUES (1, 10.00), (2, 0.50);
