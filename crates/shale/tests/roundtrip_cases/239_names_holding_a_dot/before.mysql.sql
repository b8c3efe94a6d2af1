-- Names that hold a dot: a table, its columns, constraints and index. On PostgreSQL the
-- first dot of a qualified name is its schema's, so these must never be split.
CREATE TABLE `a.b` (
    id BIGINT NOT NULL PRIMARY KEY,
    `x.y` VARCHAR(40) NOT NULL,
    note VARCHAR(40),
    CONSTRAINT `my.check` CHECK (id > 0),
    CONSTRAINT `u.old` UNIQUE (note)
);
CREATE INDEX `ix.xy` ON `a.b` (`x.y`);
CREATE TABLE plain (
    id BIGINT NOT NULL PRIMARY KEY,
    ab_id BIGINT,
    CONSTRAINT `fk.ab` FOREIGN KEY (ab_id) REFERENCES `a.b` (id)
);
