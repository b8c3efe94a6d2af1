-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table slots: drop unique uq_slots on slots; add unique uq_slots on slots
CREATE TABLE _shale_new_slots (
    id integer NOT NULL,
    room varchar(20) NOT NULL,
    day date NOT NULL,
    hour integer NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_slots UNIQUE (room, day, hour)
);
INSERT INTO _shale_new_slots (id, room, day, hour) SELECT id, room, day, hour FROM slots;
DROP TABLE slots;
ALTER TABLE _shale_new_slots RENAME TO slots;

-- shale:downgrade
-- SQLite cannot make these changes in place; rebuilding table slots: drop unique uq_slots on slots; add unique uq_slots on slots
CREATE TABLE _shale_new_slots (
    id integer NOT NULL,
    room varchar(20) NOT NULL,
    day date NOT NULL,
    hour integer NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_slots UNIQUE (room, day)
);
INSERT INTO _shale_new_slots (id, room, day, hour) SELECT id, room, day, hour FROM slots;
DROP TABLE slots;
ALTER TABLE _shale_new_slots RENAME TO slots;
