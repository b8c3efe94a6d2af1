INSERT INTO users (id, email, fullname) VALUES (1, 'ada@example.com', 'Ada Lovelace'), (2, 'grace@example.com', NULL), (3, 'alan@example.com', 'Alan Turing');
INSERT INTO items (id, user_id, title) VALUES (10, 1, 'notebook'), (11, 1, 'pen'), (12, 3, 'bombe');
