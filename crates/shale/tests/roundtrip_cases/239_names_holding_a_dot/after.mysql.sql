-- The dotted names changed: a column added and another made nullable, the check, the
-- index and the foreign key replaced, a unique constraint renamed, a new dotted table.
CREATE TABLE `a.b` (
    id BIGINT NOT NULL PRIMARY KEY,
    `x.y` VARCHAR(40),
    note VARCHAR(40),
    `p.q` INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT `my.check` CHECK (id > 1),
    CONSTRAINT `u.note` UNIQUE (note)
);
CREATE INDEX `ix.xy` ON `a.b` (`x.y`, `p.q`);
CREATE TABLE plain (
    id BIGINT NOT NULL PRIMARY KEY,
    ab_id BIGINT,
    CONSTRAINT `fk.ab` FOREIGN KEY (ab_id) REFERENCES `a.b` (id) ON DELETE CASCADE
);
CREATE TABLE `c.d` (
    id BIGINT NOT NULL PRIMARY KEY,
    `e.f` VARCHAR(40)
);
