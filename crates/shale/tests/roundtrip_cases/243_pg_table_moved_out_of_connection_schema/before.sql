CREATE SCHEMA billing;
CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);
CREATE INDEX users_email_idx ON users (email);
COMMENT ON TABLE users IS 'who pays';
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));
CREATE VIEW member_emails AS SELECT email FROM users;
