INSERT INTO billing.accounts (id, name) VALUES (1, 'Acme'), (2, 'Globex');
INSERT INTO billing.invoices (id, total) VALUES (10, 120);
