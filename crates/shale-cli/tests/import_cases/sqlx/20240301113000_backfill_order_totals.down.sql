-- Add down migration script here
UPDATE orders SET total_cents = 0;
