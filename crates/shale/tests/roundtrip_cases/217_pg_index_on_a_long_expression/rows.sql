INSERT INTO documents (id, title, subtitle) VALUES (1, 'A', 'b');
