INSERT INTO tasks (id, state) VALUES (1, 'new'), (2, 'done');
