INSERT INTO products (id, name, tags) VALUES (1, 'a', '{"x": 1}');
