INSERT INTO sessions (id, token) VALUES (1, 'a'), (2, 'b');
INSERT INTO cache_data (id, body) VALUES (1, 'x'), (7, 'y');
