INSERT INTO nodes (id, pos, parent_id) VALUES (1, 1, NULL), (2, 2, 1);
