INSERT INTO sales.items (id, label) VALUES (1, 'pen');
INSERT INTO archive.items (id, note) VALUES (1, 'kept');
