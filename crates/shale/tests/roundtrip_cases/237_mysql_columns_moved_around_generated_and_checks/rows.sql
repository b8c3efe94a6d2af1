INSERT INTO orders (qty, price, note) VALUES (2, 1.50, 'first'), (1, 3.00, NULL);
INSERT INTO notes (id, body, title) VALUES (1, 'hello there', 'greeting');
