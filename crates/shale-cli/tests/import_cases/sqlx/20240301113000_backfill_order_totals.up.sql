-- Add up migration script here
UPDATE orders SET total_cents = (
    SELECT COALESCE(SUM(oi.quantity * p.price_cents), 0)
    FROM order_items oi JOIN products p ON p.id = oi.product_id
    WHERE oi.order_id = orders.id
);
