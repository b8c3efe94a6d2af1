INSERT INTO people (id, name, code, email) VALUES (1, 'a', 'b', 'c@d');
