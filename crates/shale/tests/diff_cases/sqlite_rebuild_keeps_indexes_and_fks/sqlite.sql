-- needs foreign_keys off
-- shale:upgrade
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.email
CREATE TABLE _shale_new_users (
    id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    org_id integer NOT NULL,
    email varchar(255) NOT NULL,
    CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE CASCADE
);
INSERT INTO _shale_new_users (id, org_id, email) SELECT id, org_id, email FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE INDEX ix_users_org_id ON users (org_id);

-- shale:downgrade
-- WARNING: may destroy data: changes the type of users.email from varchar(255) to varchar(80); values may be truncated or fail to convert
-- SQLite cannot make these changes in place; rebuilding table users: alter column users.email
CREATE TABLE _shale_new_users (
    id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    org_id integer NOT NULL,
    email varchar(80) NOT NULL,
    CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE CASCADE
);
INSERT INTO _shale_new_users (id, org_id, email) SELECT id, org_id, email FROM users;
DROP TABLE users;
ALTER TABLE _shale_new_users RENAME TO users;
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE INDEX ix_users_org_id ON users (org_id);
