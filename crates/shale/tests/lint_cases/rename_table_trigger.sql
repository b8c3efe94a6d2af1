-- lint-test: dialect mysql
-- lint-test: expect rename-table 6
-- lint-test: expect rename-table 7
-- shale:revision c1
-- shale:upgrade
ALTER TABLE people RENAME TO users;
RENAME TABLE accounts TO customers;
-- shale:downgrade
RENAME TABLE customers TO accounts;
ALTER TABLE users RENAME TO people;
