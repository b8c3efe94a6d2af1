-- PostgreSQL constraint clauses: a check's NO INHERIT, UNIQUE NULLS NOT DISTINCT on a
-- constraint and on an index, a foreign key's MATCH FULL; each gained or lost.
CREATE TABLE parents (
    id integer PRIMARY KEY,
    code integer NOT NULL,
    UNIQUE (id, code)
);
CREATE TABLE pairs (
    a integer,
    b integer,
    parent_id integer,
    parent_code integer,
    CONSTRAINT pairs_a_positive CHECK (a > 0) NO INHERIT,
    CONSTRAINT pairs_b_positive CHECK (b > 0),
    CONSTRAINT pairs_ab_key UNIQUE (a, b),
    CONSTRAINT pairs_parent_fkey FOREIGN KEY (parent_id, parent_code)
        REFERENCES parents (id, code)
);
CREATE UNIQUE INDEX pairs_b_idx ON pairs (b) NULLS NOT DISTINCT;
CREATE TABLE singles (
    id integer REFERENCES parents (id) MATCH FULL,
    label text UNIQUE NULLS NOT DISTINCT,
    CHECK (id > 0) NO INHERIT
);
