INSERT INTO a (note) VALUES ('x'), ('y'); INSERT INTO b (note) VALUES ('z');
