INSERT INTO accounts (id) VALUES (1);
INSERT INTO billing.invoices (id, account_id) VALUES (1, 1);
