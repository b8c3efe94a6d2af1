INSERT INTO tags (code, label) VALUES ('a', 'Alpha');
