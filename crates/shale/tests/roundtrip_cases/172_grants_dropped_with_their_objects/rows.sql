INSERT INTO accounts (id, email, balance) VALUES (1, 'a@example.com', 10);
