INSERT INTO sales.items (id, label) VALUES (1, 'pen'), (2, 'ink');
INSERT INTO sales.carts (id, item_id) VALUES (5, 2);
