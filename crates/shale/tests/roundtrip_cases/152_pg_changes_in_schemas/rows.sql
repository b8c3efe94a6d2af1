INSERT INTO accounts (id, email) VALUES (1, 'a@example.com');
INSERT INTO billing.invoices (id, account_id, status, total) VALUES (10, 1, 'paid', 12);
