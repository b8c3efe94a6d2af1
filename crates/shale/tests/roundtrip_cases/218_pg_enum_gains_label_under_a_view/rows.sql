INSERT INTO items (id, category) VALUES (1, 'b');
