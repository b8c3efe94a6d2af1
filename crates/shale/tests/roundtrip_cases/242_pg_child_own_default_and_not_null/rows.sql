INSERT INTO archived_events (id, kind, note, archived_on) VALUES (1, 'a', 'n', '2026-01-01');
INSERT INTO other_events (id, note) VALUES (2, 'm');
