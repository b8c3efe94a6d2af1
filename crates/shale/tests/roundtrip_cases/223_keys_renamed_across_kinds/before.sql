CREATE TABLE teams (
    id INTEGER NOT NULL,
    code VARCHAR(20) NOT NULL,
    slug VARCHAR(20) NOT NULL,
    CONSTRAINT teams_pk PRIMARY KEY (id),
    CONSTRAINT teams_code_uq UNIQUE (code)
);
CREATE UNIQUE INDEX teams_slug_ix ON teams (slug);
CREATE INDEX teams_code_slug_ix ON teams (code, slug);
