-- Add down migration script here
UPDATE users SET display_name = NULL;
