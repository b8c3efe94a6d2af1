-- lint-test: dialect sqlite
-- lint-test: expect drop-table 5
-- shale:revision c1
-- shale:upgrade
DROP TABLE sessions;
-- shale:downgrade
CREATE TABLE sessions (id integer);
