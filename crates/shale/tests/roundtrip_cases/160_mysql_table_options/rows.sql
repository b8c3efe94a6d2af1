INSERT INTO notes (id, body) VALUES (1, 'first'), (2, 'second');
INSERT INTO logs (id, line) VALUES (1, 'started');
INSERT INTO plain (id, name) VALUES (1, 'x');
INSERT INTO words (id, word, tag) VALUES (1, 'caf', 'T');
