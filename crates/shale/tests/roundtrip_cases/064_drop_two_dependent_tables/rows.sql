INSERT INTO users (id, email, fullname) VALUES (1, 'ada@example.com', 'Ada Lovelace'), (2, 'grace@example.com', NULL), (3, 'alan@example.com', 'Alan Turing');
INSERT INTO authors (id, pen_name) VALUES (1, 'Boz');
INSERT INTO books (id, author_id, title) VALUES (1, 1, 'Sketches');
