-- A child's own default and NOT NULL on the columns it inherits: a default changed, a
-- NOT NULL and a dropped default added (while the parent's default changes, which
-- reaches its children), a NOT NULL taken away, a new child with its own.
CREATE TABLE events (
    id bigint NOT NULL,
    kind text,
    at timestamp with time zone DEFAULT '2000-01-01 00:00:00+00',
    note text
);
CREATE TABLE archived_events (archived_on date) INHERITS (events);
ALTER TABLE archived_events ALTER COLUMN kind SET DEFAULT 'archived';
ALTER TABLE archived_events ALTER COLUMN note SET NOT NULL;
ALTER TABLE archived_events ALTER COLUMN at DROP DEFAULT;
CREATE TABLE other_events () INHERITS (events);
ALTER TABLE other_events ALTER COLUMN at SET DEFAULT '1999-01-01 00:00:00+00';
CREATE TABLE new_events () INHERITS (events);
ALTER TABLE new_events ALTER COLUMN kind SET DEFAULT 'new';
