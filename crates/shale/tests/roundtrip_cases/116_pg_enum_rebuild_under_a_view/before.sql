CREATE TYPE status AS ENUM ('new', 'doing', 'done');
CREATE TABLE tasks (
    id INTEGER NOT NULL PRIMARY KEY,
    state status NOT NULL
);
CREATE VIEW open_tasks AS SELECT id, state FROM tasks WHERE state <> 'done';
