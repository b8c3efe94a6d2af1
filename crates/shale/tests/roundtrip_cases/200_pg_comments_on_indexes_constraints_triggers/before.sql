-- Comments on an index, a constraint, a trigger, a policy, a sequence and a schema,
-- each changed, dropped or added by the next models.
CREATE SCHEMA archive;
CREATE SEQUENCE order_numbers;
CREATE TABLE orders (
    id INTEGER NOT NULL PRIMARY KEY,
    total INTEGER NOT NULL,
    note TEXT,
    CONSTRAINT orders_total_positive CHECK (total > 0)
);
CREATE INDEX orders_total_idx ON orders (total);
CREATE INDEX orders_note_idx ON orders (note);
CREATE FUNCTION orders_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_touch();
CREATE POLICY orders_mine ON orders USING (true);
COMMENT ON INDEX orders_total_idx IS 'Sorted totals for reports';
COMMENT ON INDEX orders_note_idx IS 'Dropped with its index';
COMMENT ON CONSTRAINT orders_total_positive ON orders IS 'No free orders';
COMMENT ON TRIGGER orders_touch ON orders IS 'Keeps updated_at';
COMMENT ON SEQUENCE order_numbers IS 'Printed on invoices';
