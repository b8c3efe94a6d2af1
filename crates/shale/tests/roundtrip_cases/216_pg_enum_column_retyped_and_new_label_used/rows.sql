INSERT INTO orders (id, status, priority) VALUES (1, 'complete', 'high');
