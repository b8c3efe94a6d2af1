INSERT INTO users (id, email, fullname, legacy) VALUES (1, 'ada@example.com', 'Ada Lovelace', 'x'), (2, 'grace@example.com', NULL, NULL), (3, 'alan@example.com', 'Alan Turing', 'y');
