-- lint-test: dialect sqlite
-- lint-test: expect drop-table 8
-- shale:revision c1
-- shale:upgrade
-- shale:allow drop-table
-- sessions moved to redis
DROP TABLE sessions;
DROP TABLE tokens;
-- shale:downgrade
CREATE TABLE tokens (id integer);
CREATE TABLE sessions (id integer);
