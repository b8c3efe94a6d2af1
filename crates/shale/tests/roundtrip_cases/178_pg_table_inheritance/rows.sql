INSERT INTO a (a1, a2, e) VALUES (1, 2, 3); INSERT INTO b (id, changed_by) VALUES (1, 'alice'); INSERT INTO c (id, note) VALUES (1, 'x'); INSERT INTO d (tag, id) VALUES ('t', 1);
