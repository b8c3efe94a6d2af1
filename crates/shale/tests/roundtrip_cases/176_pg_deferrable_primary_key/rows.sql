INSERT INTO slots (position, label) VALUES (1, 'a'), (2, 'b'); INSERT INTO lanes (id) VALUES (1);
