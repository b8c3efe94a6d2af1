INSERT INTO users (id, email, fullname) VALUES (1, 'ada@example.com', 'Ada Lovelace'), (2, 'grace@example.com', NULL), (3, 'alan@example.com', 'Alan Turing');
INSERT INTO orders (id, user_id, code, total) VALUES (1, 1, 'A-1', 5), (2, 3, 'A-2', 7);
