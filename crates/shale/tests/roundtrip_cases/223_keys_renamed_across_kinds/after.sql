-- A primary key, a unique constraint that becomes a unique index, a unique index that
-- becomes a unique constraint and a plain index, each under a new name and otherwise
-- the same: renamed in place where the server can (the index stays built), dropped and
-- added where it cannot.
CREATE TABLE teams (
    id INTEGER NOT NULL,
    code VARCHAR(20) NOT NULL,
    slug VARCHAR(20) NOT NULL,
    CONSTRAINT pk_teams PRIMARY KEY (id),
    CONSTRAINT uq_teams_slug UNIQUE (slug)
);
CREATE UNIQUE INDEX ix_teams_code ON teams (code);
CREATE INDEX ix_teams_code_slug ON teams (code, slug);
