INSERT INTO items (id, title) VALUES (1, 'lamp'), (2, 'desk');
