CREATE TABLE events (id bigint NOT NULL, kind text DEFAULT 'plain', note text);
CREATE TABLE audit_events (id bigint NOT NULL, kind text DEFAULT 'audit', note text NOT NULL);
CREATE TABLE old_events (archived date) INHERITS (events);
ALTER TABLE old_events ALTER COLUMN kind SET DEFAULT 'old';
ALTER TABLE old_events ALTER COLUMN note SET NOT NULL;
