-- Your SQL goes here
DROP TABLE addresses;
