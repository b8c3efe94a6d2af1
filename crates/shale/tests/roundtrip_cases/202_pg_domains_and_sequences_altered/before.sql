-- Domains and sequences changed while columns use them: a domain's default, NOT NULL
-- and checks change in place (ALTER DOMAIN), as do a sequence's options (ALTER
-- SEQUENCE); dropping either to create it again would fail while a column uses it.
CREATE DOMAIN status_code AS integer DEFAULT 200;
CREATE DOMAIN score AS integer CONSTRAINT score_min CHECK (VALUE >= 0);
CREATE DOMAIN email AS text NOT NULL;
CREATE SEQUENCE ticket_numbers AS integer INCREMENT BY 1;
CREATE TABLE tickets (
    id bigint PRIMARY KEY,
    number integer NOT NULL DEFAULT nextval('ticket_numbers'),
    status status_code,
    rating score,
    contact email
);
