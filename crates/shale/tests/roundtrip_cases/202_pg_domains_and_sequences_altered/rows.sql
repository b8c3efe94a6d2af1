INSERT INTO tickets (id, status, rating, contact) VALUES (1, 200, 5, 'a@example.com');
