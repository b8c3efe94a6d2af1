CREATE TYPE status AS ENUM ('new', 'finished');
CREATE TABLE tasks (
    id INTEGER NOT NULL PRIMARY KEY,
    state status NOT NULL DEFAULT 'new'
);
