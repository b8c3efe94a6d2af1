-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table events: add primary key on events
CREATE TABLE _shale_new_events (
    id integer NOT NULL,
    name text,
    CONSTRAINT pk_events PRIMARY KEY (id)
);
INSERT INTO _shale_new_events (id, name) SELECT id, name FROM events;
DROP TABLE events;
ALTER TABLE _shale_new_events RENAME TO events;

-- shale:downgrade
-- SQLite cannot make these changes in place; rebuilding table events: drop primary key on events
CREATE TABLE _shale_new_events (
    id integer NOT NULL,
    name text
);
INSERT INTO _shale_new_events (id, name) SELECT id, name FROM events;
DROP TABLE events;
ALTER TABLE _shale_new_events RENAME TO events;
