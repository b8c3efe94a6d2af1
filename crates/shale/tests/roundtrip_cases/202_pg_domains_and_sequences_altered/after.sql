CREATE DOMAIN status_code AS integer DEFAULT 404;
CREATE DOMAIN score AS integer NOT NULL CONSTRAINT score_min CHECK (VALUE >= 1) CONSTRAINT score_max CHECK (VALUE <= 10);
CREATE DOMAIN email AS text;
CREATE SEQUENCE ticket_numbers AS bigint INCREMENT BY 10 MAXVALUE 100000000;
CREATE TABLE tickets (
    id bigint PRIMARY KEY,
    number integer NOT NULL DEFAULT nextval('ticket_numbers'),
    status status_code,
    rating score,
    contact email
);
