-- Add down migration script here
DROP INDEX users_email_key;
