-- Add down migration script here
DROP INDEX orders_status_idx;
