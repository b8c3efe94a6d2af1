INSERT INTO users (id, email, fullname, status) VALUES (1, 'ada@example.com', 'Ada Lovelace', 'new'), (2, 'grace@example.com', NULL, 'old'), (3, 'alan@example.com', 'Alan Turing', 'new');
