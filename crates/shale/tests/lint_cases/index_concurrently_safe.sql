-- shale:revision c1
-- shale:transaction off
-- shale:upgrade
CREATE INDEX CONCURRENTLY ix_users_email ON users (email);
CREATE TABLE tags (id bigint NOT NULL, name text, CONSTRAINT pk_tags PRIMARY KEY (id));
CREATE INDEX ix_tags_name ON tags (name);
-- shale:downgrade
DROP TABLE tags;
DROP INDEX ix_users_email;
