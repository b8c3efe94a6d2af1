INSERT INTO events (id, kind, at_ms) VALUES (1, 'a', 10), (2, 'b', 20);
