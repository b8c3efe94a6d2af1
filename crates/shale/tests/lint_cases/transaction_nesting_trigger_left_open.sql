-- lint-test: expect transaction-nesting 6
-- shale:revision c1
-- shale:transaction off
-- shale:upgrade
CREATE TABLE t (id bigint PRIMARY KEY);
BEGIN;
INSERT INTO t (id) VALUES (1);
-- shale:downgrade
DROP TABLE t;
