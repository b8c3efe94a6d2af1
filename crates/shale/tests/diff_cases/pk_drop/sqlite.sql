-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table log: drop primary key on log
CREATE TABLE _shale_new_log (
    id integer NOT NULL,
    line text
);
INSERT INTO _shale_new_log (id, line) SELECT id, line FROM log;
DROP TABLE log;
ALTER TABLE _shale_new_log RENAME TO log;

-- shale:downgrade
-- SQLite cannot make these changes in place; rebuilding table log: add primary key on log
CREATE TABLE _shale_new_log (
    id integer NOT NULL,
    line text,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_log (id, line) SELECT id, line FROM log;
DROP TABLE log;
ALTER TABLE _shale_new_log RENAME TO log;
