INSERT INTO settings (key, value) VALUES ('theme', 'dark'), ('lang', 'en');
INSERT INTO events (id, kind, at) VALUES (1, 'login', 100), (2, 'logout', 200);
