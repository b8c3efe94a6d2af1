INSERT INTO accounts (id, email) VALUES (1, 'a@example.com');
INSERT INTO payments (id, account_id, amount) VALUES (1, 1, 10);
