-- migrate:up
ALTER TABLE users ADD COLUMN display_name VARCHAR(100);

-- migrate:down
ALTER TABLE users DROP COLUMN display_name;

