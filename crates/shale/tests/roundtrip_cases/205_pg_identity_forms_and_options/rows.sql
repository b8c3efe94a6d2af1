INSERT INTO orders (note) VALUES ('a'), ('b');
INSERT INTO invoices (total) VALUES (10);
INSERT INTO tickets (code) VALUES ('x');
INSERT INTO countdown (n, label) VALUES (1, 'one');
INSERT INTO voltages (label) VALUES ('a'), ('b');
INSERT INTO gauges (v, label) VALUES (3, 'x');
