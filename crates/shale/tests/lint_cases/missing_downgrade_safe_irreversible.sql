-- lint-test: dialect sqlite
-- shale:revision c1
-- shale:upgrade
CREATE TABLE tags (id integer NOT NULL, CONSTRAINT pk_tags PRIMARY KEY (id));
-- shale:downgrade
-- shale:irreversible tags are kept on purpose
