INSERT INTO users (id, email, fullname) VALUES (1, 'ada@example.com', 'Ada Lovelace'), (2, 'grace@example.com', NULL), (3, 'alan@example.com', 'Alan Turing');
