-- SQLite keeps an index key as written, so a key on a column holding a dot would read
-- as an expression: the index here names other columns.
-- Names that hold a dot: a table, its columns, constraints and index. On PostgreSQL the
-- first dot of a qualified name is its schema's, so these must never be split.
CREATE TABLE "a.b" (
    id BIGINT NOT NULL PRIMARY KEY,
    "x.y" TEXT NOT NULL,
    note TEXT,
    CONSTRAINT "my.check" CHECK (id > 0),
    CONSTRAINT "u.old" UNIQUE (note)
);
CREATE INDEX "ix.xy" ON "a.b" (note);
CREATE TABLE plain (
    id BIGINT NOT NULL PRIMARY KEY,
    ab_id BIGINT,
    CONSTRAINT "fk.ab" FOREIGN KEY (ab_id) REFERENCES "a.b" (id)
);
