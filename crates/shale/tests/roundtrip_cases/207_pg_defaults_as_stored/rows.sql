INSERT INTO prices (id) VALUES (1);
