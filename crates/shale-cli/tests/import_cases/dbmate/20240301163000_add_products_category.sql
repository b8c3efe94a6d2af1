-- migrate:up
ALTER TABLE products ADD COLUMN category_id INTEGER;

-- migrate:down
ALTER TABLE products DROP COLUMN category_id;

