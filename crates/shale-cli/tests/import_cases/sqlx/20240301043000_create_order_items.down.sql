-- Add down migration script here
DROP TABLE order_items;
