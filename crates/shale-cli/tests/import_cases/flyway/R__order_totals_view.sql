DROP VIEW IF EXISTS order_totals;
CREATE VIEW order_totals AS
    SELECT user_id, COUNT(*) AS orders, SUM(total_cents) AS total_cents
    FROM orders
    GROUP BY user_id;
