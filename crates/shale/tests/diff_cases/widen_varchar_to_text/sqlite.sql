-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table notes: alter column notes.title; alter column notes.body; alter column notes.views
CREATE TABLE _shale_new_notes (
    id integer NOT NULL,
    title varchar(255) NOT NULL,
    body text,
    views bigint,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_notes (id, title, body, views) SELECT id, title, body, views FROM notes;
DROP TABLE notes;
ALTER TABLE _shale_new_notes RENAME TO notes;

-- shale:downgrade
-- WARNING: may destroy data: changes the type of notes.views from bigint to integer; values may be truncated or fail to convert
-- WARNING: may destroy data: changes the type of notes.body from text to varchar(200); values may be truncated or fail to convert
-- WARNING: may destroy data: changes the type of notes.title from varchar(255) to varchar(200); values may be truncated or fail to convert
-- SQLite cannot make these changes in place; rebuilding table notes: alter column notes.views; alter column notes.body; alter column notes.title
CREATE TABLE _shale_new_notes (
    id integer NOT NULL,
    title varchar(200) NOT NULL,
    body varchar(200),
    views integer,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_notes (id, title, body, views) SELECT id, title, body, views FROM notes;
DROP TABLE notes;
ALTER TABLE _shale_new_notes RENAME TO notes;
