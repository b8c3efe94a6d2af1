-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table memberships: drop primary key on memberships; add primary key on memberships
CREATE TABLE _shale_new_memberships (
    org_id integer NOT NULL,
    user_id integer NOT NULL,
    CONSTRAINT pk_memberships PRIMARY KEY (org_id, user_id)
);
INSERT INTO _shale_new_memberships (org_id, user_id) SELECT org_id, user_id FROM memberships;
DROP TABLE memberships;
ALTER TABLE _shale_new_memberships RENAME TO memberships;

-- shale:downgrade
-- SQLite cannot make these changes in place; rebuilding table memberships: drop primary key on memberships; add primary key on memberships
CREATE TABLE _shale_new_memberships (
    org_id integer NOT NULL,
    user_id integer NOT NULL,
    CONSTRAINT pk_memberships PRIMARY KEY (org_id)
);
INSERT INTO _shale_new_memberships (org_id, user_id) SELECT org_id, user_id FROM memberships;
DROP TABLE memberships;
ALTER TABLE _shale_new_memberships RENAME TO memberships;
