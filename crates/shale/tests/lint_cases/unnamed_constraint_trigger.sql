-- lint-test: expect unnamed-constraint 5
-- lint-test: expect unnamed-constraint 11
-- shale:revision c1
-- shale:upgrade
CREATE TABLE tags (
    id bigint PRIMARY KEY,
    owner_id bigint REFERENCES users (id),
    name text NOT NULL,
    UNIQUE (name)
);
CREATE INDEX ON tags (owner_id);
-- shale:downgrade
DROP TABLE tags;
