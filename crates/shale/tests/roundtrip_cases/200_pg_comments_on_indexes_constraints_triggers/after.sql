CREATE SCHEMA archive;
CREATE SEQUENCE order_numbers;
CREATE TABLE orders (
    id INTEGER NOT NULL PRIMARY KEY,
    total INTEGER NOT NULL,
    note TEXT,
    CONSTRAINT orders_total_positive CHECK (total > 0)
);
CREATE INDEX orders_total_idx ON orders (total);
CREATE FUNCTION orders_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_touch();
CREATE POLICY orders_mine ON orders USING (true);
COMMENT ON INDEX orders_total_idx IS 'Totals, sorted, for the monthly report';
COMMENT ON CONSTRAINT orders_pkey ON orders IS 'One row per order';
COMMENT ON TRIGGER orders_touch ON orders IS 'Keeps updated_at';
COMMENT ON POLICY orders_mine ON orders IS 'Everyone sees every order, for now';
COMMENT ON SCHEMA archive IS 'Old rows, moved nightly';
