CREATE TABLE events (
    id bigint NOT NULL,
    kind text,
    note text NOT NULL,
    at timestamp with time zone
);
CREATE TABLE archived_events () INHERITS (events);
ALTER TABLE archived_events ALTER COLUMN kind SET NOT NULL;
ALTER TABLE archived_events ALTER COLUMN at SET DEFAULT '1999-01-01 00:00:00+00';
CREATE TABLE other_events () INHERITS (events);
