-- lint-test: expect concurrent-in-transaction 4
-- shale:revision c1
-- shale:upgrade
CREATE INDEX CONCURRENTLY ix_users_email ON users (email);
-- shale:downgrade
DROP INDEX ix_users_email;
