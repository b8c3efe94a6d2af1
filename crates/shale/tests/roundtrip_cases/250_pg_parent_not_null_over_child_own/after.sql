-- The parent's NOT NULL changes while a child has its own: kind becomes NOT NULL on the
-- parent (the child's own NOT NULL is then the parent's), note loses it (the children
-- keep theirs unless the models say otherwise: other_events gives its own up too), and
-- a column that is a child's own default also gains a NOT NULL on the parent.
CREATE TABLE events (
    id bigint NOT NULL,
    kind text NOT NULL,
    note text,
    at timestamp with time zone NOT NULL
);
CREATE TABLE archived_events () INHERITS (events);
ALTER TABLE archived_events ALTER COLUMN note SET NOT NULL;
ALTER TABLE archived_events ALTER COLUMN at SET DEFAULT '1999-01-01 00:00:00+00';
CREATE TABLE other_events () INHERITS (events);
