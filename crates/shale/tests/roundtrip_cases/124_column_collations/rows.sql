INSERT INTO words (id, word, code) VALUES (1, 'a', 'b');
