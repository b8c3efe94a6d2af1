CREATE TABLE orders (
    id bigint PRIMARY KEY,
    total integer NOT NULL
);
CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM orders $$;
CREATE VIEW order_stats AS SELECT order_count() AS n;
