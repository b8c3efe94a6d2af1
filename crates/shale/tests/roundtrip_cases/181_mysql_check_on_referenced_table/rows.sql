INSERT INTO items (id, qty) VALUES (1, 3), (2, 4); INSERT INTO parts (id, item_id) VALUES (1, 1), (2, 2), (3, 1);
