-- A function whose result type changes: CREATE OR REPLACE cannot do that, so it is
-- dropped (with the view on it) and created again.
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    total integer NOT NULL
);
CREATE FUNCTION order_count() RETURNS integer LANGUAGE sql AS $$ SELECT count(*)::integer FROM orders $$;
CREATE VIEW order_stats AS SELECT order_count() AS n;
