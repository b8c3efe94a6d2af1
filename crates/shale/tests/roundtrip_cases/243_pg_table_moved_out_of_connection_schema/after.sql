-- A table moved from the connection's schema (written out: `public.users`; a bare old
-- name would be billing's) into billing under a new name: its index,
-- identity sequence, comment and the foreign key that points at it follow it; the view
-- over it is rebuilt around the move.
CREATE SCHEMA billing;
-- shale:renamed-from public.users
CREATE TABLE billing.members (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);
CREATE INDEX users_email_idx ON billing.members (email);
COMMENT ON TABLE billing.members IS 'who pays';
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES billing.members (id));
CREATE VIEW member_emails AS SELECT email FROM billing.members;
