-- lint-test: dialect sqlite
-- shale:revision c1
-- shale:upgrade
CREATE TABLE scratch (id integer);
DROP TABLE scratch;
-- shale:downgrade
-- shale:irreversible nothing remains
