INSERT INTO events (name) VALUES ('first'), ('second');
INSERT INTO tags (label) VALUES ('red');
INSERT INTO flags (code) VALUES ('x');
