INSERT INTO events (id) VALUES (1);
INSERT INTO audit_events (id, note) VALUES (2, 'n');
INSERT INTO old_events (id, note, archived) VALUES (3, 'n', '2020-01-01');
