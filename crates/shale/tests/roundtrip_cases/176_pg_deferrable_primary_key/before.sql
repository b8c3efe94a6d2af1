-- A primary key made DEFERRABLE INITIALLY DEFERRED (dropped and added again), one made
-- checked at once, and a new table whose key is deferrable.
CREATE TABLE slots (
    position INTEGER NOT NULL PRIMARY KEY,
    label TEXT NOT NULL
);
CREATE TABLE lanes (
    id INTEGER NOT NULL,
    CONSTRAINT lanes_pkey PRIMARY KEY (id) DEFERRABLE
);
