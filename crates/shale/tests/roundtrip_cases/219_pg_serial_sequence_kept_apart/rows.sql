INSERT INTO tickets (title) VALUES ('a'); INSERT INTO tickets (title) VALUES ('b'); INSERT INTO orders (total) VALUES (10);
