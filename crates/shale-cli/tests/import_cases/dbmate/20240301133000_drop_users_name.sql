-- migrate:up
ALTER TABLE users DROP COLUMN name;

-- migrate:down

