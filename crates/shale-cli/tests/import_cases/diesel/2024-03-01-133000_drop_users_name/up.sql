-- Your SQL goes here
ALTER TABLE users DROP COLUMN name;
