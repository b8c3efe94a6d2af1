CREATE TYPE status AS ENUM ('new', 'done');
CREATE TABLE tasks (
    id INTEGER NOT NULL PRIMARY KEY,
    state status NOT NULL DEFAULT 'new'
);
