INSERT INTO billing.clients (id, fullname) VALUES (1, 'Ada Lovelace');
INSERT INTO notes (id) VALUES (1);
