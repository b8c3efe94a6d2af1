-- shale:revision 3c2a7e3f4d03
-- shale:revises  2b1f6d2e3c02
-- shale:message  unique index on users.email
-- shale:created  2026-11-26T21:26:27Z

-- shale:upgrade
CREATE UNIQUE INDEX ix_users_email ON users (email);

-- shale:downgrade
DROP INDEX ix_users_email;
