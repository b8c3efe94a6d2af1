INSERT INTO a (id, note) VALUES (1, 'x'), (2, 'y'); INSERT INTO b (id, note) VALUES (5, 'z');
