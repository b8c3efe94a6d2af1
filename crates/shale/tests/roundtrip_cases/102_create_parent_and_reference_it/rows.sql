INSERT INTO users (id, email, fullname, team_id, credits) VALUES (1, 'ada@example.com', 'Ada Lovelace', NULL, 10), (2, 'grace@example.com', NULL, NULL, 0);
