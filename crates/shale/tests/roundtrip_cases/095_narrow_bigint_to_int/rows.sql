INSERT INTO users (id, email, fullname, visits) VALUES (1, 'ada@example.com', 'Ada Lovelace', 5), (2, 'grace@example.com', NULL, 0), (3, 'alan@example.com', 'Alan Turing', 7);
