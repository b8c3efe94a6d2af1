INSERT INTO teams (id, name) VALUES (1, 'core'), (2, 'web');
INSERT INTO users (id, email, fullname, team_id, credits) VALUES (1, 'ada@example.com', 'Ada Lovelace', 1, 10), (2, 'grace@example.com', NULL, NULL, 0), (3, 'alan@example.com', 'Alan Turing', 2, 3);
