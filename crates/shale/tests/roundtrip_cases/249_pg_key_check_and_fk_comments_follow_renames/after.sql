CREATE TABLE team (
    id INTEGER NOT NULL PRIMARY KEY
);
CREATE TABLE member (
    id INTEGER NOT NULL,
    team_id INTEGER NOT NULL,
    age INTEGER NOT NULL,
    login VARCHAR(40) NOT NULL,
    handle VARCHAR(40) NOT NULL,
    CONSTRAINT pk_member PRIMARY KEY (id),
    CONSTRAINT fk_member_team FOREIGN KEY (team_id) REFERENCES team (id),
    CONSTRAINT ck_member_age CHECK (age >= 0),
    CONSTRAINT uq_member_nick UNIQUE (handle),
    CONSTRAINT uq_member_login UNIQUE (login)
);
COMMENT ON CONSTRAINT pk_member ON member IS 'One row per member';
COMMENT ON INDEX pk_member IS 'The key''s own index';
COMMENT ON CONSTRAINT fk_member_team ON member IS 'Each member is on a team';
COMMENT ON CONSTRAINT ck_member_age ON member IS 'Ages start at zero';
COMMENT ON CONSTRAINT uq_member_nick ON member IS 'One handle each';
COMMENT ON INDEX uq_member_nick IS 'Handles, sorted';
COMMENT ON CONSTRAINT uq_member_login ON member IS 'One login each';
