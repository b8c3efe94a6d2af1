CREATE SCHEMA billing;
CREATE TABLE billing.clients (id bigint PRIMARY KEY, fullname text);
CREATE TABLE notes (id bigint PRIMARY KEY);
