INSERT INTO parents (id, code) VALUES (1, 10), (2, 20);
INSERT INTO pairs (a, b, parent_id, parent_code) VALUES (1, 1, 1, 10), (2, NULL, NULL, NULL);
