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
    CONSTRAINT pairs_a_positive CHECK (a > 0),
    CONSTRAINT pairs_b_positive CHECK (b > 0) NO INHERIT,
    CONSTRAINT pairs_ab_key UNIQUE NULLS NOT DISTINCT (a, b),
    CONSTRAINT pairs_parent_fkey FOREIGN KEY (parent_id, parent_code)
        REFERENCES parents (id, code) MATCH FULL
);
CREATE UNIQUE INDEX pairs_b_idx ON pairs (b);
