-- Add down migration script here
DROP INDEX orders_user_id_idx;
