INSERT INTO teams (id, code, slug) VALUES (1, 'a', 'a'), (2, 'b', 'b');
