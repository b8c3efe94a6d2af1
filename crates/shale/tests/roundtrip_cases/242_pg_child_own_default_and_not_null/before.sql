CREATE TABLE events (
    id bigint NOT NULL,
    kind text,
    at timestamp with time zone DEFAULT now(),
    note text
);
CREATE TABLE archived_events (archived_on date) INHERITS (events);
ALTER TABLE archived_events ALTER COLUMN kind SET DEFAULT 'old';
CREATE TABLE other_events () INHERITS (events);
ALTER TABLE other_events ALTER COLUMN at SET DEFAULT '1999-01-01 00:00:00+00';
ALTER TABLE other_events ALTER COLUMN note SET NOT NULL;
