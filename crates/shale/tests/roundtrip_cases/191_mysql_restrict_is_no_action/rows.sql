INSERT INTO authors (id, name) VALUES (1, 'Ursula'), (2, 'Italo');
INSERT INTO books (id, author_id, title) VALUES (10, 1, 'The Dispossessed'), (11, 2, 'Invisible Cities'), (12, NULL, 'Anonymous');
