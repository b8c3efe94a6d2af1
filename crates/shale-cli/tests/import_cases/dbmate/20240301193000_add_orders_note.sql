-- migrate:up
ALTER TABLE orders ADD COLUMN note TEXT;

-- migrate:down
ALTER TABLE orders DROP COLUMN note;

