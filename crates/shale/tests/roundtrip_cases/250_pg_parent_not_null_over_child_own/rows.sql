INSERT INTO events (id, kind, note, at) VALUES (1, 'a', 'n', now());
INSERT INTO archived_events (id, kind, note, at) VALUES (2, 'b', 'n', now());
INSERT INTO other_events (id, kind, note, at) VALUES (3, 'c', 'n', now());
