INSERT INTO users (id, email, fullname, mood) VALUES (1, 'ada@example.com', 'Ada Lovelace', 'happy'), (2, 'grace@example.com', NULL, 'sad'), (3, 'alan@example.com', 'Alan Turing', NULL);
