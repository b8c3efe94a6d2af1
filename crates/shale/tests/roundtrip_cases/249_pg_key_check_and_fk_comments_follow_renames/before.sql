-- Comments on a primary key (and its index), a foreign key, a check and a unique key's
-- own index follow them through renames in place (RENAME CONSTRAINT): kept ones need no
-- statement, changed ones are set once under the new name. A unique index that becomes
-- a unique constraint is dropped and the constraint added (PostgreSQL cannot make one
-- the other in place): its comment is set on the constraint again.
CREATE TABLE team (
    id INTEGER NOT NULL PRIMARY KEY
);
CREATE TABLE member (
    id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    age INTEGER NOT NULL,
    login VARCHAR(40) NOT NULL,
    handle VARCHAR(40) NOT NULL,
    CONSTRAINT member_pkey PRIMARY KEY (id),
    CONSTRAINT member_team_fk FOREIGN KEY (team_id) REFERENCES team (id),
    CONSTRAINT member_age_check CHECK (age >= 0),
    CONSTRAINT uq_member_handle UNIQUE (handle)
);
CREATE UNIQUE INDEX ix_member_login ON member (login);
COMMENT ON CONSTRAINT member_pkey ON member IS 'One row per member';
COMMENT ON INDEX member_pkey IS 'The key''s own index';
COMMENT ON CONSTRAINT member_team_fk ON member IS 'Each member is on a team';
COMMENT ON CONSTRAINT member_age_check ON member IS 'No negative ages';
COMMENT ON CONSTRAINT uq_member_handle ON member IS 'One handle each';
COMMENT ON INDEX uq_member_handle IS 'Built for the handle search';
COMMENT ON INDEX ix_member_login IS 'One login each';
