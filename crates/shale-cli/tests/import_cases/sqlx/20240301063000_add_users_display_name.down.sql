-- Add down migration script here
ALTER TABLE users DROP COLUMN display_name;
