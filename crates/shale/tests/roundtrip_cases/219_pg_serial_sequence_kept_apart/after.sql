-- A serial column whose sequence becomes a sequence of its own under the same name,
-- and a column that takes such a sequence as its own (serial): each sequence is kept,
-- its owner changed, and counts on from where it was.
CREATE SEQUENCE tickets_id_seq AS bigint;
CREATE TABLE tickets (
    id INTEGER NOT NULL DEFAULT nextval('tickets_id_seq') PRIMARY KEY,
    title TEXT
);
CREATE TABLE orders (
    id SERIAL PRIMARY KEY,
    total INTEGER
);
