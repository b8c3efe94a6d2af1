-- Add up migration script here
DROP TABLE addresses;
