INSERT INTO events (id, kind, at_day, code) VALUES (1, 'a', 10, 'x'), (2, 'b', 11, NULL);
