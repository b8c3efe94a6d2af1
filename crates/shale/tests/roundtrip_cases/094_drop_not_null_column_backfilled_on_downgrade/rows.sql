INSERT INTO events (id, kind, at_day) VALUES (1, 'login', 10), (2, 'login', 11), (3, 'logout', 11);
