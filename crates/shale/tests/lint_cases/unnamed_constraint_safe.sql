-- shale:revision c1
-- shale:upgrade
CREATE TABLE tags (
    id bigint NOT NULL,
    owner_id bigint,
    name text NOT NULL,
    CONSTRAINT pk_tags PRIMARY KEY (id),
    CONSTRAINT fk_tags_owner FOREIGN KEY (owner_id) REFERENCES users (id),
    CONSTRAINT uq_tags_name UNIQUE (name)
);
CREATE INDEX ix_tags_owner_id ON tags (owner_id);
-- shale:downgrade
DROP TABLE tags;
