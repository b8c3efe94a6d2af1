-- needs foreign_keys off
-- shale:upgrade
-- WARNING: destroys data: drops column users.org_id
-- SQLite cannot make these changes in place; rebuilding table users: drop foreign key fk_users_org_id_orgs on users; drop index ix_users_org_id on users; drop column users.org_id
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO _shale_new_users (id) SELECT id FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;

-- shale:downgrade
ALTER TABLE users ADD COLUMN org_id integer;
CREATE INDEX ix_users_org_id ON users (org_id);
-- SQLite cannot make these changes in place; rebuilding table users: add foreign key fk_users_org_id_orgs on users
CREATE TABLE _shale_new_users (
    id integer NOT NULL,
    org_id integer,
    PRIMARY KEY (id),
    CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id)
);
INSERT INTO _shale_new_users (id, org_id) SELECT id, org_id FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
CREATE INDEX ix_users_org_id ON users (org_id);
