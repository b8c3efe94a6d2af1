-- A table that starts inheriting keeps its own default and NOT NULL on the columns that
-- become inherited; one that stops inheriting keeps them as its own columns' settings.
CREATE TABLE events (id bigint NOT NULL, kind text DEFAULT 'plain', note text);
CREATE TABLE audit_events () INHERITS (events);
ALTER TABLE audit_events ALTER COLUMN kind SET DEFAULT 'audit';
ALTER TABLE audit_events ALTER COLUMN note SET NOT NULL;
CREATE TABLE old_events (id bigint NOT NULL, kind text DEFAULT 'old', note text NOT NULL, archived date);
