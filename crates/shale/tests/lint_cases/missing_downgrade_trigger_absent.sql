-- lint-test: dialect sqlite
-- lint-test: expect missing-downgrade 4
-- shale:revision c1
-- shale:upgrade
CREATE TABLE tags (id integer NOT NULL, CONSTRAINT pk_tags PRIMARY KEY (id));
