INSERT INTO orders (note) VALUES ('a'), ('b');
