-- migrate:up
CREATE INDEX orders_status_idx ON orders (status, placed_at);

-- migrate:down
DROP INDEX orders_status_idx;

