INSERT INTO accounts (id, owner, balance) VALUES (1, 'ada', 10), (2, 'tim', 5);
INSERT INTO bookings (id, room, during) VALUES (1, 7, '[2026-01-01 10:00, 2026-01-01 11:00)');
