INSERT INTO users (id, email, fullname, balance) VALUES (1, 'ada@example.com', 'Ada Lovelace', 12.50), (2, 'grace@example.com', NULL, 0), (3, 'alan@example.com', 'Alan Turing', 99999999.99);
