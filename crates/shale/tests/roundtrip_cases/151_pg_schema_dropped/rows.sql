INSERT INTO accounts (id, email) VALUES (1, 'a@example.com');
INSERT INTO "Ledger".entries (id, account_id, amount) VALUES (10, 1, 1250);
